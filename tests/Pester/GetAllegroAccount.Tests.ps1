BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Fake = Start-AllegroFake
}

AfterAll {
    Stop-AllegroFake $script:Fake
}

Describe 'Get-AllegroAccount' {
    BeforeEach {
        $null = Invoke-RestMethod -Method Post -Uri "$($Fake.Address)/_fake/reset"
        Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0 }
        $env:LISTINGPS_ALLEGRO_TOKENS = Join-Path (Get-PSDrive TestDrive).Root ('tokens-{0}' -f [guid]::NewGuid().ToString('N'))
    }

    It 'writes nothing, and no error, when ListingPs is not connected' {
        Get-AllegroAccount -ErrorVariable errs | Should -BeNullOrEmpty
        $errs | Should -BeNullOrEmpty
    }

    It 'names the environment asked for and how to connect it when it is not connected' {
        Get-AllegroAccount -Environment Sandbox -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Be 'AllegroNotConnected,ListingPs.Commands.GetAllegroAccountCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].Exception.Message | Should -BeLike '*Connect-AllegroAccount -Environment Sandbox*'
    }

    It 'lists each connected environment from the stored connection, sending nothing' {
        $null = Connect-AllegroAccount
        $null = Connect-AllegroAccount -Environment Sandbox
        $before = @(Get-AllegroFakeRequest $Fake).Count
        $accounts = @(Get-AllegroAccount)
        $accounts.Environment | Should -Be @('Production', 'Sandbox')
        $accounts.Login | Should -Be @('oak-and-co', 'oak-and-co')
        @(Get-AllegroFakeRequest $Fake).Count | Should -Be $before
        (Get-AllegroAccount -Environment Sandbox).Environment | Should -Be 'Sandbox'
    }

    It '-Online asks Allegro, renewing an access token Allegro no longer takes' {
        $null = Connect-AllegroAccount
        $null = Invoke-RestMethod -Method Post -Uri "$($Fake.Address)/_fake/expire-access-tokens"
        $skip = @(Get-AllegroFakeRequest $Fake).Count
        $account = Get-AllegroAccount -Online
        $account.Login | Should -Be 'oak-and-co'
        (Get-AllegroFakeRequest $Fake | Select-Object -Skip $skip).Path | Should -Be @('/me', '/auth/oauth/token', '/me')
    }

    It 'shows a table of who, where and until when' {
        $null = Connect-AllegroAccount
        $text = Get-AllegroAccount | Format-Table | Out-String -Width 200
        $text | Should -Match 'Environment\s+Login\s+BaseMarketplace\s+TokenExpiresAt\s+ApiAddress'
        $text | Should -Match "Production\s+oak-and-co\s+allegro-pl\s+.+$([regex]::Escape($Fake.Address))"
    }
}
