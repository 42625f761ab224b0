@{
    RootModule           = 'ListingPs.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0d3c1e-4b7a-4f5e-9a51-2b8f0c7d9e41'
    Author               = 'ListingPs'
    CompanyName          = 'ListingPs'
    Copyright            = '(c) ListingPs. All rights reserved.'
    Description          = 'List once, sell on many markets: share offers from allegro.pl to allegro.cz, .sk and .hu, price them in the market currency, verify them against each market''s policy and track them; build Amazon-style market connections on the same engine.'
    # PowerShell 7.4 or later (the module is built for .NET 8): older versions refuse the import with a message naming 7.4.
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('ListingPs.format.ps1xml', 'ListingPs.Connections.format.ps1xml')
    TypesToProcess       = @('ListingPs.types.ps1xml')
    CmdletsToExport      = @(
        'Connect-AllegroAccount'
        'Get-AllegroAccount'
        'Disconnect-AllegroAccount'
        'Get-AllegroShippingRate'
        'Import-Offer'
        'Get-Offer'
        'Remove-Offer'
        'Copy-Workspace'
        'Submit-Offer'
        'Test-Offer'
        'Set-OfferCzkPrice'
        'Set-OfferPrice'
        'Get-VerificationStatus'
        'Sync-VerificationStatus'
        'Unpublish-Offer'
        'Invoke-VisibilityCheck'
        'Get-Market'
        'Set-ExchangeRate'
        'Get-ExchangeRate'
        'Export-ListingReport'
        'New-MarketConnection'
        'Get-MarketConnection'
        'Add-MarketConnectionTarget'
        'Remove-MarketConnection'
        'Sync-MarketConnection'
        'Get-ConnectionReport'
        'Set-SellerProfile'
        'Get-SellerProfile'
        'Import-Catalog'
        'Set-FbaInventory'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags = @('Allegro', 'Amazon', 'Marketplace', 'Offers', 'Ecommerce', 'PSEdition_Core')
        }
    }
}
