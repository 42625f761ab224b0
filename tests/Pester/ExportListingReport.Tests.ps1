BeforeDiscovery {
    # The rendering test needs headless Chromium: outside CI it is skipped where Chromium is missing; in CI ($env:CI set,
    # as .ci/run sets it) it always runs, and fails when Chromium is missing.
    $script:Chromium = Get-Command chromium, chromium-browser, google-chrome, google-chrome-stable -CommandType Application -ErrorAction SilentlyContinue |
        Select-Object -First 1 -ExpandProperty Source
    $script:SkipRendering = -not $script:Chromium -and -not $env:CI
}

BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Add-Seed {
        <# allegro-cz after a submission and the weekly check: eight approved, four refused (several reasons), one pending,
           and two offers refused for want of a CZK price (VQR001). #>
        $rows = @(1..8 | ForEach-Object { New-OfferRow "OK-$_" -Price ('{0}.00' -f (40 + $_)) })
        $rows += New-OfferRow R-PERS -AccountType Personal -SellingFormat Auction
        $rows += New-OfferRow R-DELIV -DeliveryMethods allegro-dpd-pl
        $rows += New-OfferRow R-LANG -Translations ''
        $rows += New-OfferRow R-CAT -Category 'Motoryzacja/Pojazdy/Osobowe'
        $rows += New-OfferRow P-INACT -Status Inactive
        Import-Csv (New-OfferCsv -Rows $rows) | Submit-Offer -Market allegro-cz -ErrorVariable submitErrors | Out-Null
        $submitErrors | Should -BeNullOrEmpty
        Import-Csv (New-OfferCsv -Rows @((New-OfferRow V-1 -Price '10.00'), (New-OfferRow V-2 -Price '12.00'))) | Import-Offer
        $null = Invoke-VisibilityCheck -Market allegro-cz
    }

    function Add-ConnectionSeed {
        <# Three amazon-us offers and an amazon-ca catalogue with one of their products: CX-OK lists, CX-NODP has no detail
           page, CX-USED is filtered out (used). #>
        $offers = Join-Path (Get-PSDrive TestDrive).Root 'connection-offers.csv'
        Set-Content -Path $offers -Encoding utf8NoBOM -Value @(
            'OfferId,Title,Market,Price,ProductId,Condition'
            'CX-OK,Title CX-OK,amazon-us,20.00,B0RPT00001,New'
            'CX-NODP,Title CX-NODP,amazon-us,20.00,B0RPT00404,New'
            'CX-USED,Title CX-USED,amazon-us,20.00,B0RPT00001,Used')
        Import-Csv $offers | Import-Offer
        $null = Import-Catalog -Market amazon-ca -ProductId B0RPT00001
    }

    function Invoke-Chromium {
        <# Runs headless Chromium on a file with a fresh profile and returns what it printed to stdout. #>
        param([Parameter(Mandatory)] [string] $File, [string[]] $Mode)
        if (-not $script:Chromium) {
            $script:Chromium = Get-Command chromium, chromium-browser, google-chrome, google-chrome-stable -CommandType Application -ErrorAction SilentlyContinue |
                Select-Object -First 1 -ExpandProperty Source
        }
        if (-not $script:Chromium) { throw 'chromium is not installed, and CI requires it (.ci/run installs it: apt-get install -y chromium)' }
        $profileDir = Join-Path (Get-PSDrive TestDrive).Root ('chromium-profile-{0}' -f [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $profileDir
        $psi = [System.Diagnostics.ProcessStartInfo]::new($script:Chromium)
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
        foreach ($a in @('--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
                '--disable-sync', '--no-first-run', '--hide-scrollbars', "--user-data-dir=$profileDir") + $Mode + @([uri]::new($File).AbsoluteUri)) {
            $psi.ArgumentList.Add($a)
        }
        $p = [System.Diagnostics.Process]::Start($psi)
        try {
            $stderr = $p.StandardError.ReadToEndAsync()
            $stdout = $p.StandardOutput.ReadToEnd()
            if (-not $p.WaitForExit(90000)) { $p.Kill($true); throw 'chromium did not finish in 90 s' }
            if ($p.ExitCode -ne 0) { throw "chromium exited with $($p.ExitCode): $($stderr.Result)" }
            $stdout
        }
        finally { $p.Dispose() }
    }

    # Appended to a copy of the page (the report itself has no scripts): after layout it writes what is visible - the
    # rendered text of each section and the size of every chart bar - into the DOM that --dump-dom prints.
    $script:ProbeScript = @'
<script>
(function () {
  function visible(e) { var r = e.getBoundingClientRect(); var s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && r.right <= document.documentElement.scrollWidth + 1; }
  var out = { title: document.title, text: document.body.innerText, pageWidth: document.documentElement.scrollWidth,
    bars: [], tiles: [], sections: {} };
  document.querySelectorAll('svg.chart').forEach(function (svg) {
    svg.querySelectorAll('g.bar').forEach(function (g) {
      var rect = g.querySelector('rect').getBoundingClientRect();
      out.bars.push({ chart: svg.id, key: g.getAttribute('data-key'), width: rect.width, height: rect.height,
        fill: getComputedStyle(g.querySelector('rect')).fill, label: g.textContent, visible: visible(g.querySelector('rect')) });
    });
  });
  document.querySelectorAll('.tile').forEach(function (t) { out.tiles.push({ text: t.innerText, visible: visible(t) }); });
  document.querySelectorAll('section[id]').forEach(function (s) { out.sections[s.id] = s.innerText; });
  var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
})();
</script>
'@
}

Describe 'Export-ListingReport' {
    BeforeEach {
        $null = New-TestWorkspace
        $Root = (Get-PSDrive TestDrive).Root
    }

    Context 'a market (-Market)' {
        BeforeEach {
            Add-Seed
        }

        It 'writes the page and the CSV next to it, and a summary of the market''s verification state' {
            $html = Join-Path $Root 'cz.html'
            $summary = Export-ListingReport -Market allegro-cz -Path $html -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            @($summary).Count | Should -Be 1
            $summary.GetType().FullName | Should -Be 'ListingPs.Core.Reports.ReportSummary'
            $summary.Kind | Should -Be 'Market'
            $summary.Subject | Should -Be 'allegro-cz'
            $summary.Total | Should -Be 15
            $summary.ToFix | Should -Be 6
            $summary.Counts | Should -Be 'Approved=8; Refused=6; Pending=1'
            $summary.TopReasons | Should -BeLike 'VQR001_CURRENCY_NOT_AVAILABLE=2*'
            $summary.Path | Should -Be $html
            $summary.CsvPath | Should -Be (Join-Path $Root 'cz.csv')
            Test-Path $summary.CsvPath | Should -BeTrue
        }

        It 'makes the page self-contained: inline CSS and SVG charts, no scripts, no external files' {
            $html = Join-Path $Root 'cz.html'
            $null = Export-ListingReport -Market allegro-cz -Path $html
            $page = Get-Content -Raw $html
            $page | Should -BeLike '<!DOCTYPE html>*'
            $page | Should -Not -Match '<script'
            $page | Should -Not -Match '<link'
            $page | Should -Not -Match '(src|href)="(https?:)?//'
            $page | Should -Match '<svg class="chart" id="chart-status"'
        }

        It 'draws a bar for each state present, counts the reasons and lists the offers to fix with their hints' {
            $html = Join-Path $Root 'cz.html'
            $null = Export-ListingReport -Market allegro-cz -Path $html
            $page = Get-Content -Raw $html
            foreach ($state in 'Approved', 'Refused', 'Pending') { $page | Should -Match ('<g class="bar" data-key="{0}"' -f $state) }
            $page | Should -Not -Match 'data-key="Withdrawn"'
            $page | Should -Match 'data-key="LPS101_PERSONAL_ACCOUNT" data-count="1"'
            $page | Should -Match 'data-key="VQR001_CURRENCY_NOT_AVAILABLE" data-count="2"'
            $page | Should -Match 'Offers to fix \(6\)'
            $page | Should -Match 'Add at least one delivery method to CZ'     # the hint of R-DELIV
            $page | Should -Match 'Title R-PERS'                                # titles from the workspace
            $page | Should -Match '5\.0942'                                     # the rate used
            $page | Should -Match 'NBP 2023-03-21'
        }

        It 'writes a CSV that Import-Csv reads: a row per share with its reasons and next step' {
            $summary = Export-ListingReport -Market allegro-cz -Path (Join-Path $Root 'cz.html')
            $rows = Import-Csv $summary.CsvPath
            $rows.Count | Should -Be 15
            $rows[0].PSObject.Properties.Name | Should -Be @('OfferId', 'Market', 'Status', 'ReasonCodes', 'Reasons', 'NextStep', 'Price', 'Currency',
                'PriceSource', 'BasePrice', 'BaseCurrency', 'ExchangeRate', 'RateSource', 'Warnings', 'UpdatedAt')
            $deliv = $rows | Where-Object OfferId -EQ 'R-DELIV'
            $deliv.Status | Should -Be 'Refused'
            $deliv.ReasonCodes | Should -Be 'VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE'
            $deliv.NextStep | Should -BeLike 'Add at least one delivery method*'
            ($rows | Where-Object OfferId -EQ 'P-INACT').NextStep | Should -BeLike '*activate it*'
            $ok = $rows | Where-Object OfferId -EQ 'OK-1'
            $ok.Status | Should -Be 'Approved'
            $ok.Price | Should -Be '209'          # 41 x 5.0942 = 208.86 -> whole crowns
            $ok.Currency | Should -Be 'CZK'
        }

        It 'writes CSV rows that pipe into the cmdlets that fix offers' {
            $summary = Export-ListingReport -Market allegro-cz -Path (Join-Path $Root 'cz.html')
            $missingPrice = @(Import-Csv $summary.CsvPath | Where-Object ReasonCodes -Like '*VQR001*')
            $missingPrice.OfferId | Sort-Object | Should -Be @('V-1', 'V-2')
            $fixed = $missingPrice | Set-OfferCzkPrice -UseConverter -PassThru -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            @($fixed).Count | Should -Be 2
            $fixed | ForEach-Object { $_.State | Should -Be 'Approved' }
            (Export-ListingReport -Market allegro-cz -Path (Join-Path $Root 'after.html')).ToFix | Should -Be 4
        }

        It 'caps the offers to fix at -MaxRows and counts the rest; -Title and -CsvPath name the page and the CSV' {
            $html = Join-Path $Root 'capped.html'
            $csv = Join-Path $Root 'rows.csv'
            $summary = Export-ListingReport -Market allegro-cz -Path $html -CsvPath $csv -MaxRows 2 -Title 'Weekly: allegro.cz' -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $summary.CsvPath | Should -Be $csv
            $page = Get-Content -Raw $html
            ([regex]::Matches($page, '<tr data-offer=')).Count | Should -Be 2
            $page | Should -Match 'Showing the first 2 of 6 offers to fix; 4 more are in rows\.csv\.'
            $page | Should -Match '<h1>Weekly: allegro\.cz</h1>'
            $page | Should -Match 'href="rows\.csv"'
            @(Get-Content $csv).Count | Should -Be 16     # header + every row
            Test-Path (Join-Path $Root 'capped.csv') | Should -BeFalse
        }

        It 'resolves -Path against the PowerShell location and drives' {
            Push-Location TestDrive:/
            try {
                $relative = Export-ListingReport -Market allegro-cz -Path ./here.html
                $relative.Path | Should -Be (Join-Path $Root 'here.html')
                Test-Path TestDrive:/here.csv | Should -BeTrue
            }
            finally { Pop-Location }
            (Export-ListingReport -Market allegro-cz -Path TestDrive:/drive.html).Path | Should -Be (Join-Path $Root 'drive.html')
        }

        It '-WhatIf writes nothing' {
            $html = Join-Path $Root 'w.html'
            $out = Export-ListingReport -Market allegro-cz -Path $html -WhatIf -ErrorVariable errs
            $out | Should -BeNullOrEmpty
            $errs | Should -BeNullOrEmpty
            Test-Path $html | Should -BeFalse
            Test-Path (Join-Path $Root 'w.csv') | Should -BeFalse
        }

        It '-NoClobber keeps an existing file: ReportFileExists, and no temporary file is left' {
            $html = Join-Path $Root 'w.html'
            Set-Content -Path $html -Value 'keep me' -NoNewline
            $out = Export-ListingReport -Market allegro-cz -Path $html -NoClobber -ErrorVariable errs -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'ReportFileExists,ListingPs.Commands.ExportListingReportCommand'
            Get-Content -Raw $html | Should -Be 'keep me'
            @(Get-ChildItem -Path $Root -Filter '.*.tmp' -Force) | Should -BeNullOrEmpty
        }

        It 'overwrites an existing file without -NoClobber' {
            $html = Join-Path $Root 'w.html'
            Set-Content -Path $html -Value 'old'
            $null = Export-ListingReport -Market allegro-cz -Path $html
            Get-Content -Raw $html | Should -BeLike '<!DOCTYPE html>*'
        }
    }

    It 'refuses <Why>: <ErrorId>, and writes nothing' -TestCases @(
        @{ Why = 'the base market'; Market = 'allegro-pl'; File = 'pl.html'; ErrorId = 'NotAnAdditionalMarket' }
        @{ Why = 'a market the rules do not define'; Market = 'ebay-de'; File = 'x.html'; ErrorId = 'UnknownMarket' }
        @{ Why = 'a folder that does not exist'; Market = 'allegro-cz'; File = 'no-such-folder/x.html'; ErrorId = 'ReportWriteFailed' }
    ) {
        $html = Join-Path $Root $File
        $out = Export-ListingReport -Market $Market -Path $html -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "$ErrorId,ListingPs.Commands.ExportListingReportCommand"
        Test-Path $html | Should -BeFalse
    }

    It 'writes a readable page for a market without offers' {
        $html = Join-Path $Root 'empty.html'
        $summary = Export-ListingReport -Market allegro-hu -Path $html -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $summary.Total | Should -Be 0
        $summary.ToFix | Should -Be 0
        $page = Get-Content -Raw $html
        $page | Should -Match 'No offers in this report\.'
        $page | Should -Match 'Nothing to fix'
        @(Import-Csv $summary.CsvPath).Count | Should -Be 0
    }

    Context 'what goes out: escaped HTML and a CSV safe for spreadsheets' {
        BeforeEach {
            # An offer whose title is a spreadsheet formula, refused on allegro-cz for want of a CZK price (VQR001).
            $script:Formula = '=HYPERLINK("http://evil.example/x","click <b>me</b>")'
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow H-1 -Price '10.00' -Title $script:Formula), (New-OfferRow H-2 -Price '12.00'))) | Import-Offer
            $null = Invoke-VisibilityCheck -Market allegro-cz
        }

        It 'escapes the title in the page and writes no cell a spreadsheet would run' {
            $summary = Export-ListingReport -Market allegro-cz -Path (Join-Path $Root 'inj.html') -CsvPath (Join-Path $Root 'inj.csv')
            $page = Get-Content -Raw $summary.Path
            $page | Should -Not -Match ([regex]::Escape($script:Formula))
            $page | Should -Match ([regex]::Escape('=HYPERLINK(&quot;http://evil.example/x&quot;,&quot;click &lt;b&gt;me&lt;/b&gt;&quot;)'))
            foreach ($line in Get-Content $summary.CsvPath) {
                $line | Should -Not -Match '(^|,)"?[=+@\t\r-]'      # no cell starts a formula
            }
            $rows = @(Import-Csv $summary.CsvPath)
            ($rows | Where-Object OfferId -EQ 'H-1').ReasonCodes | Should -Be 'VQR001_CURRENCY_NOT_AVAILABLE'
        }

        It 'guards text cells with a leading quote and leaves the id columns to pipe back into Set-OfferCzkPrice' {
            $summary = Export-ListingReport -Market allegro-cz -Path (Join-Path $Root 'inj2.html') -CsvPath (Join-Path $Root 'inj2.csv')
            $rows = @(Import-Csv $summary.CsvPath | Where-Object ReasonCodes -Like '*VQR001*')
            $rows.OfferId | Sort-Object | Should -Be @('H-1', 'H-2')
            $rows.Market | Select-Object -Unique | Should -Be 'allegro-cz'
            $fixed = $rows | Set-OfferCzkPrice -UseConverter -PassThru -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            @($fixed).Count | Should -Be 2
            $fixed | ForEach-Object { $_.State | Should -Be 'Approved' }
            (Get-Offer H-1).Title | Should -Be $script:Formula      # the stored title is the seller's, unchanged
        }
    }

    Context 'progress' {
        BeforeEach {
            # 30 offers submitted to allegro-cz.
            Import-Csv (New-OfferCsv -Rows (1..30 | ForEach-Object { New-OfferRow ('PR-{0:D5}' -f $_) })) | Submit-Offer -Market allegro-cz | Out-Null
        }

        It 'shows progress against the total of share records' {
            $run = Invoke-InNewRunspace "Export-ListingReport -Market allegro-cz -Path '$(Join-Path $Root 'progress.html')' | Out-Null"
            $run.Errors | Should -BeNullOrEmpty
            $running = @($run.Progress | Where-Object { $_.Activity -like 'Reporting on allegro-cz*' -and $_.RecordType -eq 'Processing' })
            $running | Should -Not -BeNullOrEmpty
            foreach ($p in $running) { $p.StatusDescription | Should -Match '^[\d,]+ of 30 \([\d,]+/s\)$' }
            ($running[-1].StatusDescription -split ' \(')[0] | Should -Be '30 of 30'
        }

        It 'writes no progress when progress is silenced' {
            $run = Invoke-InNewRunspace "`$ProgressPreference = 'SilentlyContinue'; Export-ListingReport -Market allegro-cz -Path '$(Join-Path $Root 'silent.html')' | Out-Null"
            $run.Errors | Should -BeNullOrEmpty
            $run.Progress | Should -BeNullOrEmpty
        }
    }

    Context 'a market connection (-ConnectionId)' {
        BeforeEach {
            Add-ConnectionSeed
        }

        It 'writes the connection''s status report from the piped connection' {
            $html = Join-Path $Root 'c.html'
            $summary = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations | Export-ListingReport -Path $html -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $summary.Kind | Should -Be 'Connection'
            $summary.Subject | Should -Be 'C001'
            $summary.Total | Should -Be 3
            $summary.ToFix | Should -Be 2
            $summary.Counts | Should -Be 'Synchronized=1; NotSynchronized=2'
            $page = Get-Content -Raw $html
            $page | Should -Match 'C001: amazon-us -&gt; amazon-ca'
            $page | Should -Match '<g class="bar" data-key="Synchronized"'
            $page | Should -Match '<g class="bar" data-key="NotSynchronized"'
            $page | Should -Match 'data-key="NoDetailPage" data-count="1"'
            $page | Should -Match 'data-key="FilteredOut" data-count="1"'
            $page | Should -Match 'Create the product&#39;s detail page on amazon-ca'
        }

        It 'writes a CSV of the rows that Import-Csv reads' {
            $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations
            $summary = Export-ListingReport -ConnectionId C001 -Path (Join-Path $Root 'c.html')
            $summary.CsvPath | Should -Be (Join-Path $Root 'c.csv')
            $rows = Import-Csv $summary.CsvPath
            $rows.Count | Should -Be 3
            @($rows[0].PSObject.Properties.Name | Select-Object -First 3) | Should -Be @('SKU', 'Target', 'Status')
            ($rows | Where-Object SKU -EQ 'CX-NODP').ReasonCodes | Should -Be 'NoDetailPage'
            ($rows | Where-Object SKU -EQ 'CX-OK').Status | Should -Be 'Synchronized'
        }

        It 'refuses a connection that is not there' {
            $html = Join-Path $Root 'none.html'
            $out = Export-ListingReport -ConnectionId C999 -Path $html -ErrorVariable errs -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'Connection*,ListingPs.Commands.ExportListingReportCommand'
            Test-Path $html | Should -BeFalse
        }
    }

    It 'reports the Amazon sample''s connection: one CSV row per SKU and target, counted as the report counts them' {
        Import-Csv (Join-Path $ExamplesDir 'amazon-offers.csv') | Import-Offer
        $null = Import-Csv (Join-Path $ExamplesDir 'amazon-catalog-mx.csv') | Import-Catalog -Market amazon-mx
        $connection = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx -AcceptObligations
        $summary = $connection | Export-ListingReport -Path (Join-Path $Root 'sample.html')
        $report = @(Get-ConnectionReport)
        $summary.Total | Should -Be $report.Count
        $summary.ToFix | Should -Be @($report | Where-Object Status -NE 'Synchronized').Count
        $rows = @(Import-Csv $summary.CsvPath)
        $rows.Count | Should -Be $report.Count
        ($rows | Group-Object Status | Sort-Object Name | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }) -join ';' |
            Should -Be (($report | Group-Object { "$($_.Status)" } | Sort-Object Name | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }) -join ';')
    }

    Context 'the page as a person sees it, rendered by headless Chromium' {
        It 'shows the headline counts, a chart bar for each state and the hints' -Skip:$SkipRendering {
            Add-Seed
            $html = Join-Path $Root 'report.html'
            $null = Export-ListingReport -Market allegro-cz -Path $html -ErrorAction Stop

            $probe = Join-Path $Root 'probe.html'
            Set-Content -Path $probe -Encoding utf8NoBOM -Value ((Get-Content -Raw $html).Replace("</body>", $ProbeScript + "`n</body>"))
            $dom = Invoke-Chromium -File $probe -Mode '--dump-dom', '--window-size=1200,900'
            $dom | Should -Match '<pre id="probe">' -Because 'the probe writes what it saw into the DOM Chromium prints'
            $null = $dom -match '(?s)<pre id="probe">(.*?)</pre>'
            $seen = [System.Net.WebUtility]::HtmlDecode($Matches[1]) | ConvertFrom-Json

            $seen.title | Should -Be 'ListingPs report: allegro-cz'
            $seen.pageWidth | Should -BeLessOrEqual 1200 -Because 'the page does not scroll sideways'
            # Headline tiles: the total and each state's count, on screen.
            $seen.tiles | ForEach-Object { $_.visible | Should -BeTrue }
            $tiles = @($seen.tiles | ForEach-Object { $_.text -replace '\s+', ' ' })
            foreach ($tile in '15 Shared', '8 Approved (53%)', '6 Refused (40%)', '1 Pending (7%)') {
                @($tiles | Where-Object { $_.StartsWith($tile) }).Count | Should -Be 1 -Because "a tile reads '$tile'"
            }

            # A visible bar for each state present, as long as its count says, in its state's colour.
            $bars = @{}
            $seen.bars | Where-Object chart -EQ 'chart-status' | ForEach-Object { $bars[$_.key] = $_ }
            $bars.Keys | Sort-Object | Should -Be @('Approved', 'Pending', 'Refused')
            foreach ($bar in $bars.Values) {
                $bar.visible | Should -BeTrue
                $bar.height | Should -BeGreaterThan 10
            }
            $bars.Refused.width / $bars.Approved.width | Should -BeGreaterOrEqual 0.70     # 6 / 8
            $bars.Refused.width / $bars.Approved.width | Should -BeLessOrEqual 0.80
            $bars.Pending.width / $bars.Approved.width | Should -BeGreaterOrEqual 0.10     # 1 / 8
            $bars.Pending.width / $bars.Approved.width | Should -BeLessOrEqual 0.15
            $bars.Approved.fill | Should -Be 'rgb(46, 125, 50)'
            $bars.Refused.fill | Should -Be 'rgb(198, 40, 40)'
            $bars.Approved.label | Should -BeLike '*8 (53%)*'
            @($seen.bars | Where-Object { $_.chart -eq 'chart-reason' -and $_.key -eq 'VQR001_CURRENCY_NOT_AVAILABLE' -and $_.visible }).Count | Should -Be 1

            # The offers to fix, with the hint of what to change, as rendered text.
            $toFix = $seen.sections.'to-fix'
            $toFix | Should -BeLike '*Offers to fix (6)*'
            foreach ($offer in 'R-PERS', 'R-DELIV', 'R-LANG', 'R-CAT', 'V-1', 'V-2') { $toFix | Should -BeLike "*$offer*" }
            $toFix | Should -BeLike '*Switch to a company account, then submit the offer again.*'
            $toFix | Should -BeLike '*Add at least one delivery method to CZ*'
            $toFix | Should -BeLike '*Add a cs-CZ translation*'
            $toFix | Should -BeLike '*with the converter (Set-OfferPrice -Market allegro-cz -UseConverter)*'
            $seen.sections.rates | Should -BeLike '*5.0942*'
            $seen.text | Should -BeLike '*Why offers are not selling*'

            # And a screenshot of the page itself renders (the PNG's own header says how large).
            $png = Join-Path $Root 'report.png'
            $null = Invoke-Chromium -File $html -Mode "--screenshot=$png", '--window-size=1100,1400'
            $bytes = [System.IO.File]::ReadAllBytes($png)
            $bytes[0..3] | Should -Be @(0x89, 0x50, 0x4E, 0x47)
            ([int]$bytes[16] -shl 24) -bor ([int]$bytes[17] -shl 16) -bor ([int]$bytes[18] -shl 8) -bor [int]$bytes[19] | Should -Be 1100 -Because 'the PNG is as wide as the window'
            $bytes.Length | Should -BeGreaterThan 20000 -Because 'the screenshot is not nearly empty'
        }
    }
}
