using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core.Input;
using ListingPs.Core.Model;

namespace ListingPs.Commands
{
    /// <summary>
    /// <para type="synopsis">Adds or updates offers in the workspace assortment.</para>
    /// <para type="description">Offers come from the pipeline (bound by property name, Import-Csv rows included) or from CSV
    /// and JSON files with -Path. A field that is not supplied keeps its stored value on update. Shares of an updated offer are
    /// verified again, and converter prices follow a new base price. A record that cannot be read (a price that is not a number,
    /// a flag that is not True/False/1/0) is a non-terminating error (InvalidOfferField) naming the record and the field, and
    /// the import goes on with the next one. Writes nothing to the pipeline unless -PassThru.</para>
    /// </summary>
    [Cmdlet(VerbsData.Import, "Offer", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(Offer))]
    public sealed class ImportOfferCommand : OfferInputCmdlet
    {
        /// <summary>The offer's own market (default: the base market, allegro-pl).</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(MarketCompleter))]
        public string? Market { get; set; }

        /// <summary>Price on the offer's own market, in its currency ("129.99"; "129,99" also reads); empty for none.</summary>
        [Parameter(ParameterSetName = PipelineSet, ValueFromPipelineByPropertyName = true)]
        [Alias("BasePrice")]
        public string? Price { get; set; }

        /// <summary>Writes each imported offer to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string? OwnMarketField => Market;

        protected override string? BasePriceField => Price;

        protected override bool ReadsOwnMarket => true;

        private long _count;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == PathSet)
            {
                foreach (var fields in ReadPaths())
                {
                    if (Stopping) break;
                    ImportOne(fields, fields);
                }
            }
            else
            {
                if (InputObject?.BaseObject is ShareRecord share)
                {
                    WriteError(new ErrorRecord(new PSArgumentException(
                        "Import-Offer takes offers; '" + share.OfferId + "' is a share record of " + share.Market + " (its Price is a market price). Pipe Get-Offer output or offer rows instead."),
                        "ShareRecordIsNotAnOffer", ErrorCategory.InvalidType, share));
                    return;
                }
                ImportOne(CurrentFields(), InputObject ?? (object?)OfferId);
            }
        }

        private void ImportOne(OfferFields fields, object? target)
        {
            Try(target, () =>
            {
                Shares.BeginWrite(); // before the stored offer is read: another process cannot change it until this one is written
                var offer = Shares.Prepare(fields);
                if (!Confirm("Offer " + offer.OfferId, "Import into the workspace assortment")) return;
                Shares.Import(offer);
                _count++;
                if (PassThru) WriteStored(WithCurrency(offer));
                CommitIfDue();
                ReportProgress(1, "Importing offers", _count, -1, offer.OfferId);
            });
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            CompleteProgress(1, "Importing offers");
            WriteVerbose("Imported " + _count + " offer(s) into " + Store.Path + ".");
        }
    }
}
