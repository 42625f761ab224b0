# Connecting to Allegro as a seller's admin does it, against the contract fake on 127.0.0.1 (tests/AllegroFake).
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Fake = Start-AllegroFake
}

AfterAll {
    Stop-AllegroFake $script:Fake
}

Describe 'Connect-AllegroAccount' {
    BeforeEach {
        $null = Invoke-RestMethod -Method Post -Uri "$($Fake.Address)/_fake/reset"
        Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 1 }
        $env:LISTINGPS_ALLEGRO_TOKENS = Join-Path (Get-PSDrive TestDrive).Root ('tokens-{0}' -f [guid]::NewGuid().ToString('N'))
    }

    Context 'a person, with the device flow' {
        It 'shows the address and the code, waits for the confirmation and writes the account it connected as' {
            $account = Connect-AllegroAccount -InformationVariable shown -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            "$shown" | Should -Match "^To connect ListingPs to Allegro Production, open $([regex]::Escape($Fake.Address))/skojarz-aplikacje\?code=FAKE\d{4} and confirm the code FAKE\d{4} \(valid until \d\d:\d\d\)\. Waiting\.\.\.$"
            $account.GetType().FullName | Should -Be 'ListingPs.Core.Allegro.AllegroAccount'
            $account.Login | Should -Be 'oak-and-co'
            $account.UserId | Should -Be '44556677'
            $account.BaseMarketplace | Should -Be 'allegro-pl'
            $account.Environment | Should -Be 'Production'
            $account.ApiAddress | Should -Be "$($Fake.Address)/"
            $account.TokenExpiresAt | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddHours(11))
            (Get-AllegroFakeRequest $Fake).Path | Should -Be @('/auth/oauth/device', '/auth/oauth/token', '/auth/oauth/token', '/me')
        }

        It 'shows the wait for the confirmation as progress, and completes it' {
            Set-AllegroFake $Fake @{ Interval = 1; PendingPolls = 1 }
            $run = Invoke-InNewRunspace 'Connect-AllegroAccount'
            $run.Errors | Should -BeNullOrEmpty
            $progress = @($run.Progress | Where-Object ActivityId -EQ 2)
            $progress.Count | Should -BeGreaterThan 1
            $progress[0].Activity | Should -Be 'Connecting to Allegro Production'
            $progress[0].StatusDescription | Should -Match '^Waiting for the code FAKE\d{4} to be confirmed at http://127\.0\.0\.1:\d+/skojarz-aplikacje\?code=FAKE\d{4}$'
            $progress[0].SecondsRemaining | Should -BeGreaterThan 3500
            $progress[-1].RecordType | Should -Be 'Completed'
            @($run.Output).Count | Should -Be 1
            $run.Output[0].Login | Should -Be 'oak-and-co'
        }

        It 'never writes a token or the client secret to the pipeline' {
            $json = Connect-AllegroAccount | ConvertTo-Json
            $json | Should -Not -Match 'fake-at-|fake-rt-|test-secret'
        }

        It 'keeps the tokens in a file only its owner can read' -Skip:$IsWindows {
            $null = Connect-AllegroAccount -Environment Sandbox
            $file = Join-Path $env:LISTINGPS_ALLEGRO_TOKENS 'sandbox.json'
            (Get-Item $file).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
            Get-Content -Raw $file | Should -Match '"RefreshToken": "fake-rt-'
            Get-Content -Raw $file | Should -Not -Match 'test-secret'
        }

        It 'refuses with AllegroAccessDenied when the person refuses on Allegro''s page, and stores nothing' {
            Set-AllegroFake $Fake @{ Interval = 0; Deny = $true }
            $out = Connect-AllegroAccount -ErrorVariable errs -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'AllegroAccessDenied,ListingPs.Commands.ConnectAllegroAccountCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'SecurityError'
            $errs[0].Exception.Message | Should -BeLike '*Run Connect-AllegroAccount again*'
            Get-AllegroAccount | Should -BeNullOrEmpty
        }

        It 'stops at once on Ctrl+C while it waits for the confirmation, and stores nothing' {
            Set-AllegroFake $Fake @{ Interval = 1; PendingPolls = 1000 }
            $ps = [powershell]::Create()
            $null = $ps.AddScript("Import-Module '$script:ModuleManifest'; Connect-AllegroAccount")
            $handle = $ps.BeginInvoke()
            $waited = [Diagnostics.Stopwatch]::StartNew()
            while (@(Get-AllegroFakeRequest $Fake | Where-Object Path -EQ '/auth/oauth/token').Count -lt 1 -and $waited.Elapsed.TotalSeconds -lt 30) { Start-Sleep -Milliseconds 50 }
            $stopping = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $stopping.Elapsed.TotalSeconds | Should -BeLessThan 3
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $ps.Dispose()
            Get-AllegroAccount | Should -BeNullOrEmpty
        }
    }

    Context 'a runbook, with a refresh token' {
        It 'connects without a person: no device flow, the token spent and the new one stored' {
            $refresh = (Invoke-RestMethod -Method Post -Uri "$($Fake.Address)/_fake/refresh-token").refresh_token
            $account = Connect-AllegroAccount -Environment Sandbox -RefreshToken (ConvertTo-SecureString $refresh -AsPlainText -Force) -InformationVariable shown
            $shown | Should -BeNullOrEmpty
            $account.Environment | Should -Be 'Sandbox'
            (Get-AllegroFakeRequest $Fake).Path | Should -Be @('/auth/oauth/token', '/me')
            Get-Content -Raw (Join-Path $env:LISTINGPS_ALLEGRO_TOKENS 'sandbox.json') | Should -Not -Match ([regex]::Escape($refresh))
        }

        It 'refuses a spent refresh token with AllegroAuthFailed, without the token in the message' {
            $refresh = (Invoke-RestMethod -Method Post -Uri "$($Fake.Address)/_fake/refresh-token").refresh_token
            $secure = ConvertTo-SecureString $refresh -AsPlainText -Force
            $null = Connect-AllegroAccount -RefreshToken $secure
            Connect-AllegroAccount -RefreshToken $secure -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -Be 'AllegroAuthFailed,ListingPs.Commands.ConnectAllegroAccountCommand'
            $errs[0].Exception.Message | Should -Not -Match ([regex]::Escape($refresh))
        }
    }

    Context 'the application''s credentials' {
        It 'takes -Credential over the environment variables' {
            $wrong = [pscredential]::new('test-client', (ConvertTo-SecureString 'not-the-secret' -AsPlainText -Force))
            Connect-AllegroAccount -Credential $wrong -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -Be 'AllegroAuthFailed,ListingPs.Commands.ConnectAllegroAccountCommand'
            $errs[0].Exception.Message | Should -Not -Match 'not-the-secret'
            $right = [pscredential]::new('test-client', (ConvertTo-SecureString 'test-secret' -AsPlainText -Force))
            (Connect-AllegroAccount -Credential $right).Login | Should -Be 'oak-and-co'
        }

        It 'says where the application comes from when none is given' {
            $saved = $env:LISTINGPS_ALLEGRO_CLIENT_ID
            try {
                Remove-Item env:LISTINGPS_ALLEGRO_CLIENT_ID
                Connect-AllegroAccount -ErrorVariable errs -ErrorAction SilentlyContinue
                $errs[0].FullyQualifiedErrorId | Should -Be 'AllegroClientMissing,ListingPs.Commands.ConnectAllegroAccountCommand'
                $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
                $errs[0].Exception.Message | Should -BeLike '*-Credential*LISTINGPS_ALLEGRO_CLIENT_ID*'
                Get-AllegroFakeRequest $Fake | Should -BeNullOrEmpty
            }
            finally { $env:LISTINGPS_ALLEGRO_CLIENT_ID = $saved }
        }
    }

    It 'rides out 429s and a 500 on the way: retried, connected once' {
        Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0; ThrottleNext = 2; RetryAfterSeconds = 0; FailNext = 1 }
        (Connect-AllegroAccount -ErrorVariable errs).Login | Should -Be 'oak-and-co'
        $errs | Should -BeNullOrEmpty
        # the device request: 429, 429, 500, then answered; then one token and one /me
        (Get-AllegroFakeRequest $Fake).Path | Should -Be @('/auth/oauth/device', '/auth/oauth/device', '/auth/oauth/device', '/auth/oauth/device', '/auth/oauth/token', '/me')
    }

    It '-WhatIf sends nothing and stores nothing' {
        Connect-AllegroAccount -WhatIf
        Get-AllegroFakeRequest $Fake | Should -BeNullOrEmpty
        Get-AllegroAccount | Should -BeNullOrEmpty
    }
}
