BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Fake = Start-AllegroFake
}

AfterAll {
    Stop-AllegroFake $script:Fake
}

Describe 'Disconnect-AllegroAccount' {
    BeforeEach {
        Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0 }
        $env:LISTINGPS_ALLEGRO_TOKENS = Join-Path (Get-PSDrive TestDrive).Root ('tokens-{0}' -f [guid]::NewGuid().ToString('N'))
        $null = Connect-AllegroAccount
        $null = Connect-AllegroAccount -Environment Sandbox
    }

    It 'deletes the stored tokens of one environment and leaves the other' {
        Disconnect-AllegroAccount -Environment Sandbox | Should -BeNullOrEmpty
        (Get-AllegroAccount).Environment | Should -Be 'Production'
        Join-Path $env:LISTINGPS_ALLEGRO_TOKENS 'sandbox.json' | Should -Not -Exist
    }

    It 'disconnects production by default, sending nothing to Allegro' {
        $before = @(Get-AllegroFakeRequest $Fake).Count
        Disconnect-AllegroAccount
        (Get-AllegroAccount).Environment | Should -Be 'Sandbox'
        @(Get-AllegroFakeRequest $Fake).Count | Should -Be $before
    }

    It '-WhatIf keeps the connection' {
        Disconnect-AllegroAccount -WhatIf
        @(Get-AllegroAccount).Count | Should -Be 2
    }

    It 'does nothing for an environment that is not connected, and says so with -Verbose' {
        Disconnect-AllegroAccount -Environment Sandbox
        $said = Disconnect-AllegroAccount -Environment Sandbox -Verbose -ErrorVariable errs 4>&1
        $errs | Should -BeNullOrEmpty
        "$said" | Should -BeLike '*not connected to Allegro Sandbox*'
    }
}
