# The cmdlet assembly (net8.0, PowerShell 7.4+). Its dependencies (net8.0/dependencies) load into a load context of the
# module's own; the resolver is hooked up before the import, since PowerShell reads the cmdlets' parameter types first.
$assembly = [System.IO.Path]::Combine($PSScriptRoot, 'net8.0', 'ListingPs.dll')
$null = [System.Reflection.Assembly]::LoadFrom($assembly)
[ListingPs.Commands.Infrastructure.ModuleInitAndCleanup]::Register()
Import-Module -Name $assembly -ErrorAction Stop
Export-ModuleMember -Cmdlet * -Function @() -Alias @() -Variable @()
