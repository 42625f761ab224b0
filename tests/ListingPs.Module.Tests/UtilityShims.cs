using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;

namespace ListingPs.Module.Tests.Shims
{
    /// <summary>
    /// Stand-ins for the Microsoft.PowerShell.Utility cmdlets the help examples use. The hosted engine of the tests (the
    /// System.Management.Automation package) has only Microsoft.PowerShell.Core; a real pwsh has these. They are imported
    /// into a session only where the real cmdlet is missing, and do what the examples need: the ListingPs cmdlets under test
    /// are always the real ones.
    /// </summary>
    public static class UtilityShims
    {
        /// <summary>Imports the stand-ins for whichever of them the session lacks.</summary>
        public const string ImportScript =
            "$shims = [ListingPs.Module.Tests.Shims.UtilityShims].Assembly; " +
            "$missing = 'Import-Csv','Export-Csv','ConvertTo-Csv','Select-Object','Sort-Object','Group-Object','Format-Table','Format-List' | " +
            "  Where-Object { -not (Get-Command $_ -CommandType Cmdlet, Function -ErrorAction SilentlyContinue) }; " +
            "if ($missing) { Import-Module -Assembly $shims -Cmdlet $missing -Global -ErrorAction Stop -WarningAction SilentlyContinue }";

        internal static string Text(object? value)
        {
            if (value == null) return "";
            if (value is PSObject pso) value = pso.BaseObject;
            return value is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : value.ToString() ?? "";
        }

        internal static string Quote(string s) => "\"" + s.Replace("\"", "\"\"") + "\"";
    }

    [Cmdlet(VerbsData.Import, "Csv")]
    public sealed class ImportCsvShim : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public string[] Path { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            foreach (var p in Path)
                foreach (var file in GetResolvedProviderPathFromPSPath(p, out _))
                    foreach (var row in PowerShellSession.CsvRows(File.ReadAllText(file).TrimStart('\uFEFF')))
                        WriteObject(row);
        }
    }

    /// <summary>Export-Csv as pwsh 7 writes it: a header of the first object's property names, every value quoted, ToString of each value.</summary>
    [Cmdlet(VerbsData.Export, "Csv")]
    public sealed class ExportCsvShim : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public string Path { get; set; } = "";

        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        [Parameter]
        public SwitchParameter NoTypeInformation { get; set; }

        private readonly StringBuilder _text = new StringBuilder();
        private List<string>? _names;

        protected override void ProcessRecord()
        {
            if (InputObject == null) return;
            foreach (var line in CsvLines.For(InputObject, ref _names)) _text.Append(line).Append('\n');
        }

        protected override void EndProcessing() =>
            File.WriteAllText(GetUnresolvedProviderPathFromPSPath(Path), _text.ToString(), new UTF8Encoding(false));
    }

    [Cmdlet(VerbsData.ConvertTo, "Csv")]
    public sealed class ConvertToCsvShim : PSCmdlet
    {
        [Parameter(ValueFromPipeline = true, Position = 0)]
        public PSObject? InputObject { get; set; }

        [Parameter]
        public SwitchParameter NoTypeInformation { get; set; }

        private List<string>? _names;

        protected override void ProcessRecord()
        {
            if (InputObject == null) return;
            foreach (var line in CsvLines.For(InputObject, ref _names)) WriteObject(line);
        }
    }

    internal static class CsvLines
    {
        public static IEnumerable<string> For(PSObject o, ref List<string>? names)
        {
            var lines = new List<string>();
            if (names == null)
            {
                names = o.Properties.Select(p => p.Name).ToList();
                lines.Add(string.Join(",", names.Select(UtilityShims.Quote)));
            }
            var values = new List<string>();
            foreach (var n in names)
            {
                object? v;
                try { v = o.Properties[n]?.Value; } catch (GetValueException) { v = null; }
                values.Add(UtilityShims.Quote(v == null ? "" : (v is PSObject pso ? pso.BaseObject : v).ToString() ?? ""));
            }
            lines.Add(string.Join(",", values));
            return lines;
        }
    }

    [Cmdlet(VerbsCommon.Select, "Object")]
    public sealed class SelectObjectShim : PSCmdlet
    {
        [Parameter(Position = 0)]
        public string[]? Property { get; set; }

        [Parameter]
        public string? ExpandProperty { get; set; }

        [Parameter]
        public int First { get; set; } = -1;

        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        private int _seen;

        protected override void ProcessRecord()
        {
            if (InputObject == null) return;
            if (First >= 0 && _seen >= First) return;
            _seen++;
            if (ExpandProperty != null)
            {
                var v = InputObject.Properties[ExpandProperty]?.Value;
                WriteObject(v, enumerateCollection: true);
                return;
            }
            if (Property == null || Property.Length == 0) { WriteObject(InputObject); return; }
            var o = new PSObject();
            foreach (var pattern in Property)
            {
                var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
                foreach (var p in InputObject.Properties.Where(p => wildcard.IsMatch(p.Name)))
                {
                    object? value;
                    try { value = p.Value; } catch (GetValueException) { value = null; }
                    if (o.Properties[p.Name] == null) o.Properties.Add(new PSNoteProperty(p.Name, value));
                }
            }
            WriteObject(o);
        }
    }

    [Cmdlet("Sort", "Object")]
    public sealed class SortObjectShim : PSCmdlet
    {
        [Parameter(Position = 0)]
        public string[]? Property { get; set; }

        [Parameter]
        public SwitchParameter Descending { get; set; }

        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        private readonly List<PSObject> _items = new List<PSObject>();

        protected override void ProcessRecord()
        {
            if (InputObject != null) _items.Add(InputObject);
        }

        protected override void EndProcessing()
        {
            object? Key(PSObject o, string? name) => name == null ? o.BaseObject : o.Properties[name]?.Value;
            var names = Property ?? new string[] { null! };
            _items.Sort((a, b) =>
            {
                foreach (var n in names)
                {
                    int c = LanguagePrimitives.Compare(Key(a, n), Key(b, n), true);
                    if (c != 0) return Descending ? -c : c;
                }
                return 0;
            });
            foreach (var i in _items) WriteObject(i);
        }
    }

    [Cmdlet(VerbsData.Group, "Object")]
    public sealed class GroupObjectShim : PSCmdlet
    {
        [Parameter(Position = 0, Mandatory = true)]
        public string Property { get; set; } = "";

        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        private readonly List<(string Key, List<PSObject> Items)> _groups = new List<(string, List<PSObject>)>();

        protected override void ProcessRecord()
        {
            if (InputObject == null) return;
            var key = UtilityShims.Text(InputObject.Properties[Property]?.Value);
            var g = _groups.FirstOrDefault(x => string.Equals(x.Key, key, StringComparison.OrdinalIgnoreCase));
            if (g.Items == null) _groups.Add((key, new List<PSObject> { InputObject }));
            else g.Items.Add(InputObject);
        }

        protected override void EndProcessing()
        {
            foreach (var (key, items) in _groups)
            {
                var o = new PSObject();
                o.Properties.Add(new PSNoteProperty("Count", items.Count));
                o.Properties.Add(new PSNoteProperty("Name", key));
                o.Properties.Add(new PSNoteProperty("Group", items.ToArray()));
                WriteObject(o);
            }
        }
    }

    /// <summary>Format-Table and Format-List render through the host in pwsh; here they pass the objects on to Out-Default.</summary>
    [Cmdlet(VerbsCommon.Format, "Table")]
    public sealed class FormatTableShim : PSCmdlet
    {
        [Parameter(Position = 0)]
        public object[]? Property { get; set; }

        [Parameter]
        public SwitchParameter AutoSize { get; set; }

        [Parameter]
        public SwitchParameter Wrap { get; set; }

        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        protected override void ProcessRecord() { if (InputObject != null) WriteObject(InputObject); }
    }

    [Cmdlet(VerbsCommon.Format, "List")]
    public sealed class FormatListShim : PSCmdlet
    {
        [Parameter(Position = 0)]
        public object[]? Property { get; set; }

        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        protected override void ProcessRecord() { if (InputObject != null) WriteObject(InputObject); }
    }
}
