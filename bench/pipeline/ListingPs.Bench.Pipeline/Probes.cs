using System.Management.Automation;

namespace ListingPs.Bench.Pipeline
{
    // Binary cmdlets that do nothing but take the pipeline input the way a ListingPs cmdlet does, so the difference between
    // two of them is the cost of one PowerShell mechanism per object. None writes anything unless it says so.

    /// <summary>Takes the whole object (ValueFromPipeline) and nothing by property name: the cheapest input path.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "BenchInputObject")]
    public sealed class TestBenchInputObjectCommand : PSCmdlet
    {
        [Parameter(ValueFromPipeline = true)] public PSObject? InputObject { get; set; }
        /// <summary>Writes every object on (the cost of WriteObject).</summary>
        [Parameter] public SwitchParameter PassThru { get; set; }
        /// <summary>Reads the 12 offer columns from the object's properties, as an InputObject fast path would.</summary>
        [Parameter] public SwitchParameter ReadProperties { get; set; }
        private static readonly string[] Names =
            { "OfferId", "Title", "Category", "Price", "SellingFormat", "AccountType", "B2BOnly", "Charity", "ProductId", "Status", "DeliveryMethods", "Translations", "MarketPrice" };
        public long Read { get; private set; }

        protected override void ProcessRecord()
        {
            if (ReadProperties && InputObject != null)
            {
                foreach (var n in Names)
                {
                    var p = InputObject.Properties[n];
                    if (p?.Value is string s) Read += s.Length;
                }
            }
            if (PassThru) WriteObject(InputObject);
        }
    }

    /// <summary>Takes the whole object and calls ShouldProcess for it, as ListingPs's state-changing cmdlets do per record.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "BenchShouldProcess", SupportsShouldProcess = true)]
    public sealed class TestBenchShouldProcessCommand : PSCmdlet
    {
        [Parameter(ValueFromPipeline = true)] public PSObject? InputObject { get; set; }
        protected override void ProcessRecord()
        {
            ShouldProcess("Offer " + (InputObject?.Properties["OfferId"]?.Value ?? ""), "Probe");
        }
    }

    /// <summary>InputObject plus OfferId bound by property name: one by-name binding per object.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "BenchBindOne")]
    public sealed class TestBenchBindOneCommand : PSCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)][Alias("Sku", "Id")] public string? OfferId { get; set; }
        [Parameter(ValueFromPipeline = true, DontShow = true)] public PSObject? InputObject { get; set; }
        protected override void ProcessRecord() { }
    }

    /// <summary>The input parameters of Submit-Offer (OfferInputCmdlet + MarketPrice): 15 bound by property name, plus InputObject.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "BenchBindAll", DefaultParameterSetName = "Offer")]
    public sealed class TestBenchBindAllCommand : PSCmdlet
    {
        [Parameter(ParameterSetName = "Offer", Position = 0, ValueFromPipelineByPropertyName = true)][Alias("Sku", "Id")] public string? OfferId { get; set; }
        [Parameter(ParameterSetName = "Offer", ValueFromPipelineByPropertyName = true)][Alias("Name")] public string? Title { get; set; }
        [Parameter(ParameterSetName = "Offer", ValueFromPipelineByPropertyName = true)] public string? Category { get; set; }
        [Parameter(ParameterSetName = "Offer", ValueFromPipelineByPropertyName = true)] public string? SellingFormat { get; set; }
        [Parameter(ParameterSetName = "Offer", ValueFromPipelineByPropertyName = true)] public string? AccountType { get; set; }
        [Parameter(ParameterSetName = "Offer", ValueFromPipelineByPropertyName = true)] public string? B2BOnly { get; set; }
        [Parameter(ParameterSetName = "Offer", ValueFromPipelineByPropertyName = true)] public string? Charity { get; set; }
        [Parameter(ParameterSetName = "Offer", ValueFromPipelineByPropertyName = true)][Alias("ASIN")] public string? ProductId { get; set; }
        [Parameter(ParameterSetName = "Offer", ValueFromPipelineByPropertyName = true)] public string? Status { get; set; }
        [Parameter(ParameterSetName = "Offer", ValueFromPipelineByPropertyName = true)] public string[]? DeliveryMethods { get; set; }
        [Parameter(ParameterSetName = "Offer", ValueFromPipelineByPropertyName = true)] public string[]? Translations { get; set; }
        [Parameter(ParameterSetName = "Offer", ValueFromPipelineByPropertyName = true)] public string? Condition { get; set; }
        [Parameter(ParameterSetName = "Offer", ValueFromPipelineByPropertyName = true)] public string? Fulfillment { get; set; }
        [Parameter(ParameterSetName = "Offer", ValueFromPipelineByPropertyName = true)][Alias("CzkPrice")] public string? MarketPrice { get; set; }
        [Parameter(ParameterSetName = "Offer", ValueFromPipelineByPropertyName = true)][Alias("BasePrice")] public string? Price { get; set; }
        [Parameter(ParameterSetName = "Offer", ValueFromPipeline = true, DontShow = true)] public PSObject? InputObject { get; set; }
        [Parameter(ParameterSetName = "Path", Mandatory = true, Position = 0)] public string[]? Path { get; set; }
        protected override void ProcessRecord() { }
    }
}
