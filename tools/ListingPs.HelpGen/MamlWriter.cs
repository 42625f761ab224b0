using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace ListingPs.HelpGen
{
    /// <summary>Writes command help in the MAML schema Get-Help reads (the shape platyPS produces).</summary>
    public sealed class MamlWriter
    {
        private static readonly XNamespace Msh = "http://msh";
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        private readonly List<CommandHelp> _commands = new List<CommandHelp>();

        public void Add(CommandHelp help) => _commands.Add(help);

        public string ToXml()
        {
            var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
                new XAttribute(XNamespace.Xmlns + "maml", Maml), new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev));
            foreach (var c in _commands) root.Add(CommandElement(c));
            var doc = new XDocument(new XDeclaration("1.0", "utf-8", null), root);
            var sb = new StringBuilder();
            using (var w = XmlWriter.Create(new StringWriterUtf8(sb), new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false) }))
                doc.Save(w);
            return sb.ToString() + "\n";
        }

        private sealed class StringWriterUtf8 : StringWriter
        {
            public StringWriterUtf8(StringBuilder sb) : base(sb, CultureInfo.InvariantCulture) { }
            public override Encoding Encoding => new UTF8Encoding(false);
        }

        private static XElement Paras(XNamespace ns, string name, IEnumerable<string> paras)
        {
            var e = new XElement(ns + name);
            foreach (var p in paras) e.Add(new XElement(Maml + "para", p));
            if (!e.HasElements) e.Add(new XElement(Maml + "para"));
            return e;
        }

        private static XElement CommandElement(CommandHelp c)
        {
            var cmd = new XElement(Command + "command",
                new XElement(Command + "details",
                    new XElement(Command + "name", c.Name),
                    new XElement(Command + "verb", c.Verb),
                    new XElement(Command + "noun", c.Noun),
                    Paras(Maml, "description", new[] { c.Synopsis })),
                Paras(Maml, "description", c.Description));

            var syntax = new XElement(Command + "syntax");
            foreach (var item in c.Syntax)
            {
                var si = new XElement(Command + "syntaxItem", new XElement(Maml + "name", c.Name));
                foreach (var (p, required, position) in item.Parameters)
                    si.Add(ParameterElement(p, required, position, inSyntax: true));
                syntax.Add(si);
            }
            cmd.Add(syntax);

            var parameters = new XElement(Command + "parameters");
            foreach (var p in c.Parameters) parameters.Add(ParameterElement(p, p.Required, p.Position, inSyntax: false));
            cmd.Add(parameters);

            var inputs = new XElement(Command + "inputTypes");
            foreach (var (type, description) in c.Inputs)
                inputs.Add(new XElement(Command + "inputType", TypeElement(type), Paras(Maml, "description", Once(description))));
            cmd.Add(inputs);

            var outputs = new XElement(Command + "returnValues");
            foreach (var (type, description) in c.Outputs)
                outputs.Add(new XElement(Command + "returnValue", TypeElement(type), Paras(Maml, "description", Once(description))));
            cmd.Add(outputs);

            cmd.Add(new XElement(Maml + "alertSet", new XElement(Maml + "alert", c.Notes.Select(n => new XElement(Maml + "para", n)))));

            var examples = new XElement(Command + "examples");
            int i = 0;
            foreach (var e in c.Examples)
            {
                i++;
                examples.Add(new XElement(Command + "example",
                    new XElement(Maml + "title", "-------------------------- Example " + i + ": " + e.Title + " --------------------------"),
                    new XElement(Dev + "code", e.Code),
                    Paras(Dev, "remarks", e.Remarks)));
            }
            cmd.Add(examples);

            var links = new XElement(Command + "relatedLinks");
            foreach (var r in c.Related)
            {
                bool url = r.StartsWith("http", StringComparison.OrdinalIgnoreCase);
                links.Add(new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", url ? "Online" : r), new XElement(Maml + "uri", url ? r : "")));
            }
            cmd.Add(links);
            return cmd;
        }

        private static IEnumerable<string> Once(string s) => s.Length == 0 ? Array.Empty<string>() : new[] { s };

        private static XElement TypeElement(string type) =>
            new XElement(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri"));

        private static XElement ParameterElement(ParameterHelp p, bool required, string position, bool inSyntax)
        {
            var e = new XElement(Command + "parameter",
                new XAttribute("required", required ? "true" : "false"),
                new XAttribute("variableLength", p.VariableLength ? "true" : "false"),
                new XAttribute("globbing", p.Globbing ? "true" : "false"),
                new XAttribute("pipelineInput", p.PipelineInput),
                new XAttribute("position", position),
                new XAttribute("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases)),
                new XElement(Maml + "name", p.Name),
                Paras(Maml, "description", p.Description));
            var typeName = CommandHelp.TypeName(p.Type);
            if (inSyntax && p.AcceptedValues.Count > 0)
            {
                var group = new XElement(Command + "parameterValueGroup");
                foreach (var v in p.AcceptedValues)
                    group.Add(new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute(Command + "variableLength", "false"), v));
                e.Add(group);
            }
            if (!p.IsSwitch)
                e.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", p.VariableLength ? "true" : "false"), typeName));
            e.Add(TypeElement(typeName));
            e.Add(new XElement(Dev + "defaultValue", p.DefaultValue));
            return e;
        }
    }

    /// <summary>
    /// about_ListingPs from docs/help/about_ListingPs.help.txt, with the generated parts filled in: {{CMDLETS}} (each cmdlet and
    /// its synopsis), {{MARKETS}} (the markets the module's rules define), {{REASON_CODES}} (every refusal reason code).
    /// </summary>
    public static class AboutTopic
    {
        public static string? Render(string templatePath, IReadOnlyList<CmdletInfo> cmdlets, DocComments docs, Runspace runspace)
        {
            if (!File.Exists(templatePath)) return null;
            var text = File.ReadAllText(templatePath).Replace("\r\n", "\n");
            if (text.Contains("{{CMDLETS}}"))
            {
                var sb = new StringBuilder();
                foreach (var c in cmdlets.OrderBy(c => c.Name, StringComparer.Ordinal))
                {
                    sb.Append("    ").Append(c.Name).Append('\n');
                    Wrap(sb, docs.Synopsis(c.ImplementingType), "        ");
                }
                text = text.Replace("{{CMDLETS}}\n", sb.ToString());
            }
            if (text.Contains("{{MARKETS}}"))
                text = text.Replace("{{MARKETS}}\n", Script(runspace,
                    "Get-Market | ForEach-Object { '    {0,-22} {1,-3} {2,-6} {3}' -f $_.Id, $_.Currency, $_.Language, $(if ($_.IsBase) { 'base market' } elseif ($_.ShareFrom) { 'shares from ' + $_.ShareFrom } else { $_.Platform + ' ' + $_.Region }) }"));
            if (text.Contains("{{REASON_CODES}}"))
            {
                var sb = new StringBuilder();
                foreach (var line in Script(runspace,
                    "$codes = [System.AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -eq 'ListingPs.Core' })[0].GetType('ListingPs.Core.Model.ReasonCodes', $true); " +
                    "$codes::All | Where-Object { $_ } | ForEach-Object { $_ + \"`t\" + $codes::Describe($_) }")
                    .Split('\n').Where(l => l.Length > 0).OrderBy(l => l, StringComparer.Ordinal))
                {
                    var tab = line.IndexOf('\t');
                    sb.Append("    ").Append(line.Substring(0, tab).Trim()).Append('\n');
                    Wrap(sb, line.Substring(tab + 1).Trim(), "        ");
                }
                text = text.Replace("{{REASON_CODES}}\n", sb.ToString());
            }
            return text;
        }

        private static string Script(Runspace runspace, string script)
        {
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript(script);
            var lines = ps.Invoke().Select(o => o?.ToString() ?? "");
            if (ps.HadErrors) throw new InvalidOperationException("about_ListingPs: " + string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
            return string.Join("\n", lines.Select(l => l.TrimEnd())) + "\n";
        }

        /// <summary>Wraps text at 80 columns with an indent.</summary>
        public static void Wrap(StringBuilder sb, string text, string indent)
        {
            var line = new StringBuilder(indent);
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > indent.Length && line.Length + 1 + word.Length > 80)
                {
                    sb.Append(line.ToString().TrimEnd()).Append('\n');
                    line.Clear().Append(indent);
                }
                if (line.Length > indent.Length) line.Append(' ');
                line.Append(word);
            }
            if (line.Length > indent.Length) sb.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }
}
