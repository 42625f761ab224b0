using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ListingPs.Commands.Infrastructure;
using ListingPs.Core;
using ListingPs.Core.Allegro;
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
    /// <para type="description">-FromAllegro reads the seller's offers from Allegro instead (connect first with
    /// Connect-AllegroAccount): every page of GET /sale/offers (1,000 offers a page), with -Filter keeping publication statuses
    /// (Status: ACTIVE, INACTIVE, ACTIVATING, ENDED) and a category (Category: its id). Each offer comes in with its name,
    /// category, base price, selling format, status and the delivery methods of its shipping rate (Allegro's method ids, as the
    /// rule files' deliveryMethods list them), so the local pre-flight runs on the real assortment. Nothing is changed on
    /// Allegro.</para>
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

        /// <summary>Reads the seller's offers from Allegro (every page of GET /sale/offers) instead of the pipeline or files.</summary>
        [Parameter(ParameterSetName = AllegroSet, Mandatory = true)]
        public SwitchParameter FromAllegro { get; set; }

        /// <summary>With -FromAllegro: which offers, as @{ Status = 'ACTIVE','INACTIVE'; Category = '(category id)' } (default: all).</summary>
        [Parameter(ParameterSetName = AllegroSet)]
        public Hashtable? Filter { get; set; }

        /// <summary>With -FromAllegro: Allegro's marketplace (Production, the default) or its sandbox.</summary>
        [Parameter(ParameterSetName = AllegroSet)]
        public AllegroEnvironment Environment { get; set; } = AllegroEnvironment.Production;

        /// <summary>With -FromAllegro: the Allegro application (client id as the user name, client secret as the password).</summary>
        [Parameter(ParameterSetName = AllegroSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        private const string AllegroSet = "FromAllegro";
        private AllegroClient? _allegro;

        /// <summary>Writes each imported offer to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string? OwnMarketField => Market;

        protected override string? BasePriceField => Price;

        protected override bool ReadsOwnMarket => true;

        private long _count;

        protected override void StopProcessing()
        {
            _allegro?.Stop();
            base.StopProcessing();
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == AllegroSet)
            {
                ImportFromAllegro();
                return;
            }
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

        private void ImportOne(OfferFields fields, object? target, long total = -1)
        {
            Try(target, () =>
            {
                Shares.BeginWrite(); // before the stored offer is read: another process cannot change it until this one is written
                var prepared = Shares.Prepare(fields);
                if (!Confirm("Offer " + prepared.OfferId, "Import into the workspace assortment")) return;
                Shares.Import(prepared);
                _count++;
                if (PassThru) WriteStored(WithCurrency(prepared.Offer));
                CommitIfDue();
                ReportProgress(1, "Importing offers", _count, total, prepared.OfferId);
            });
        }

        /// <summary>Pages through the seller's offers on Allegro and imports each one as the pipeline's records are.</summary>
        private void ImportFromAllegro()
        {
            var filter = new AllegroOfferFilter();
            if (Filter != null)
            {
                foreach (DictionaryEntry entry in Filter)
                {
                    var key = entry.Key?.ToString() ?? "";
                    var values = LanguagePrimitives.GetEnumerable(entry.Value)?.Cast<object>().Select(v => v?.ToString() ?? "").ToList()
                        ?? new List<string> { entry.Value?.ToString() ?? "" };
                    if (key.Equals("Status", StringComparison.OrdinalIgnoreCase))
                    {
                        var unknown = values.FirstOrDefault(v => !AllegroOfferFilter.KnownStatuses.Contains(v, StringComparer.OrdinalIgnoreCase));
                        if (unknown != null)
                            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-Filter Status '" + unknown + "' is not one of Allegro's publication statuses: "
                                + string.Join(", ", AllegroOfferFilter.KnownStatuses) + "."), "InvalidAllegroFilter", ErrorCategory.InvalidArgument, Filter));
                        filter.Statuses = values.Select(v => v.ToUpperInvariant()).ToList();
                    }
                    else if (key.Equals("Category", StringComparison.OrdinalIgnoreCase) && values.Count == 1) filter.CategoryId = values[0];
                    else
                        ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-Filter takes Status (one or more) and Category (one id); '" + key + "' is neither."),
                            "InvalidAllegroFilter", ErrorCategory.InvalidArgument, Filter));
                }
            }
            _allegro = new AllegroClient(Logger);
            try
            {
                var settings = AllegroClient.Settings(Environment, Credential);
                var offers = new AllegroOffers(_allegro.Connection, settings);
                var rates = _allegro.WaitFor(new AllegroShipping(_allegro.Connection, settings).GetRatesAsync);
                int offset = 0;
                for (; ; )
                {
                    int at = offset;
                    var page = _allegro.WaitFor(c => offers.ListAsync(filter, at, AllegroOffers.MaxPage, c));
                    foreach (var offer in page.Offers)
                    {
                        if (Stopping) return;
                        ImportOne(AllegroOffers.ToFields(offer, null, rates), offer.Id, page.TotalCount);
                    }
                    offset += page.Offers.Count;
                    if (page.Offers.Count == 0 || offset >= page.TotalCount) break;
                }
            }
            catch (ListingPsException ex)
            {
                Store.Commit(); // what was imported so far stays: a rerun imports the rest again (an import is idempotent)
                ThrowTerminatingError(ToErrorRecord(ex, null));
            }
        }

        protected override void EndProcessing()
        {
            _allegro?.Dispose();
            base.EndProcessing();
            CompleteProgress(1, "Importing offers");
            Verbose("Imported " + _count + " offer(s) into " + Store.Path + ".");
        }
    }
}
