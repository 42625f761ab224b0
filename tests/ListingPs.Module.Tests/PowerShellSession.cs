using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Xunit;

namespace ListingPs.Module.Tests
{
    /// <summary>The outcome of one script: its output, error records and the other streams.</summary>
    public sealed class RunResult
    {
        public RunResult(Collection<PSObject> output, PSDataStreams streams, bool hadErrors)
        {
            Output = output.Where(o => o != null).ToList();
            Errors = streams.Error.ToList();
            Warnings = streams.Warning.Select(w => w.Message).ToList();
            Verbose = streams.Verbose.Select(v => v.Message).ToList();
            Debug = streams.Debug.Select(d => d.Message).ToList();
            Progress = streams.Progress.ToList();
            HadErrors = hadErrors;
        }

        public List<PSObject> Output { get; }
        public List<ErrorRecord> Errors { get; }
        public List<string> Warnings { get; }
        public List<string> Verbose { get; }
        public List<string> Debug { get; }
        public List<ProgressRecord> Progress { get; }
        public bool HadErrors { get; }

        /// <summary>Property of the n-th output object.</summary>
        public object? Prop(int index, string name) => Output[index].Properties[name]?.Value;

        public IEnumerable<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId);
    }

    /// <summary>
    /// A runspace of the real PowerShell engine with the built module imported, as a user would import it, and a workspace
    /// file of its own (every ListingPs cmdlet gets it through $PSDefaultParameterValues).
    /// </summary>
    public sealed class PowerShellSession : IDisposable
    {
        private readonly Runspace _runspace;

        public PowerShellSession(string? workspace = null, bool importModule = true)
        {
            WorkspacePath = workspace ?? TempPath("workspace.db");
            var iss = InitialSessionState.CreateDefault2();
            _runspace = RunspaceFactory.CreateRunspace(iss);
            _runspace.Open();
            if (importModule)
            {
                var r = Run("Import-Module $args[0] -ErrorAction Stop; $PSDefaultParameterValues['*:Workspace'] = $args[1]", ModuleManifest, WorkspacePath);
                if (r.Errors.Count > 0) throw new InvalidOperationException("Import failed: " + r.Errors[0]);
            }
        }

        public string WorkspacePath { get; }

        /// <summary>out/ListingPs/ListingPs.psd1 of this checkout.</summary>
        public static string ModuleManifest
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir != null && !File.Exists(Path.Combine(dir.FullName, "ListingPs.sln"))) dir = dir.Parent;
                if (dir == null) throw new InvalidOperationException("ListingPs.sln not found above " + AppContext.BaseDirectory);
                var manifest = Path.Combine(dir.FullName, "out", "ListingPs", "ListingPs.psd1");
                if (!File.Exists(manifest)) throw new InvalidOperationException(manifest + " is missing: run dotnet build -c Release first.");
                return manifest;
            }
        }

        public static string TempPath(string name)
        {
            var dir = Path.Combine(Path.GetTempPath(), "listingps-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return Path.Combine(dir, name);
        }

        /// <summary>Runs script text; $args holds the arguments; <paramref name="input"/> is piped in ($input / the pipeline).</summary>
        public RunResult Run(string script, params object?[] args) => RunWithInput(script, null, args);

        public RunResult RunWithInput(string script, IEnumerable? input, params object?[] args)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = _runspace;
            ps.AddScript(script);
            foreach (var a in args) ps.AddArgument(a);
            Collection<PSObject> output;
            try
            {
                output = input == null ? ps.Invoke() : ps.Invoke(input);
            }
            catch (RuntimeException ex)
            {
                ps.Streams.Error.Add(ex.ErrorRecord);
                output = new Collection<PSObject>();
            }
            return new RunResult(output, ps.Streams, ps.HadErrors);
        }

        /// <summary>Starts a script and stops it (as Ctrl+C does) once <paramref name="stopAfter"/> output objects arrived.</summary>
        public RunResult RunAndStop(string script, int stopAfter, params object?[] args)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = _runspace;
            ps.AddScript(script);
            foreach (var a in args) ps.AddArgument(a);
            var output = new PSDataCollection<PSObject>();
            int seen = 0;
            output.DataAdded += (_, __) =>
            {
                if (System.Threading.Interlocked.Increment(ref seen) == stopAfter) ps.BeginStop(null, null);
            };
            try
            {
                ps.Invoke(null, output);
            }
            catch (PipelineStoppedException)
            {
            }
            return new RunResult(new Collection<PSObject>(output.ToList()), ps.Streams, ps.HadErrors);
        }

        /// <summary>Rows shaped like Import-Csv output: PSCustomObjects whose properties are all strings, from CSV text.</summary>
        public static List<PSObject> CsvRows(string csv)
        {
            var lines = csv.Replace("\r", "").Split('\n').Where(l => l.Trim().Length > 0).ToArray();
            var header = SplitCsv(lines[0]);
            var rows = new List<PSObject>();
            foreach (var line in lines.Skip(1))
            {
                var cells = SplitCsv(line);
                var o = new PSObject();
                for (int i = 0; i < header.Count; i++)
                    o.Properties.Add(new PSNoteProperty(header[i], i < cells.Count ? cells[i] : null));
                rows.Add(o);
            }
            return rows;
        }

        private static List<string> SplitCsv(string line)
        {
            var cells = new List<string>();
            var cur = new System.Text.StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cur.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else cur.Append(c);
                }
                else if (c == '"') quoted = true;
                else if (c == ',') { cells.Add(cur.ToString()); cur.Clear(); }
                else cur.Append(c);
            }
            cells.Add(cur.ToString());
            return cells;
        }

        public void Dispose()
        {
            _runspace.Dispose();
        }
    }
}

namespace ListingPs.Module.Tests
{
    /// <summary>
    /// A record the module wrote, read through its properties as a script would (the tests do not load the engine's types,
    /// so the module resolves its own dependencies exactly as in a user's PowerShell).
    /// </summary>
    public sealed class Rec
    {
        private readonly PSObject _o;
        public Rec(PSObject o) { _o = o; }
        public object? this[string name] => _o.Properties[name]?.Value;
        public string S(string name) => this[name]?.ToString() ?? "";
        public decimal? Dec(string name) => this[name] is null ? (decimal?)null : Convert.ToDecimal(this[name], System.Globalization.CultureInfo.InvariantCulture);
        public List<Rec> List(string name) =>
            this[name] is IEnumerable e ? e.Cast<object>().Select(x => new Rec(PSObject.AsPSObject(x))).ToList() : new List<Rec>();
        public string TypeName => _o.BaseObject.GetType().FullName ?? "";
        public string OfferId => S("OfferId");
        public string State => S("State");
        public decimal? Price => Dec("Price");
        public List<string> Codes => List("Reasons").Select(r => r.S("Code")).ToList();
        public List<string> Warnings => this["Warnings"] is IEnumerable e ? e.Cast<object>().Select(x => x.ToString() ?? "").ToList() : new List<string>();
        public override string ToString() => _o.ToString();
    }

    public static class RunResultExtensions
    {
        public static List<Rec> Records(this RunResult r) => r.Output.Select(o => new Rec(o)).ToList();
        public static Rec Single(this RunResult r) => new Rec(Assert.Single(r.Output));
    }
}
