# Picks the build that fits the running PowerShell: net8.0 for PowerShell 7 (Core), netstandard2.0 for Windows PowerShell 5.1 (Desktop).
$framework = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'netstandard2.0' }
$assembly = [System.IO.Path]::Combine($PSScriptRoot, $framework, 'ListingPs.dll')
Import-Module -Name $assembly -ErrorAction Stop
Export-ModuleMember -Cmdlet * -Function @() -Alias @() -Variable @()
