using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ListingPs.HelpGen
{
    /// <summary>The C# XML documentation of the cmdlet assembly: synopsis and description paras of cmdlet classes, parameter summaries.</summary>
    public sealed class DocComments
    {
        private readonly Dictionary<string, XElement> _members = new Dictionary<string, XElement>(StringComparer.Ordinal);

        public DocComments(string path)
        {
            var doc = XDocument.Load(path, LoadOptions.PreserveWhitespace);
            foreach (var m in doc.Descendants("member"))
            {
                var name = (string?)m.Attribute("name");
                if (name != null) _members[name] = m;
            }
        }

        private static string Id(Type t) => (t.FullName ?? t.Name).Replace('+', '.');

        private XElement? Summary(string memberId) => _members.TryGetValue(memberId, out var m) ? m.Element("summary") : null;

        /// <summary>The &lt;para type="synopsis"&gt; of the cmdlet class (or of a base class).</summary>
        public string Synopsis(Type cmdlet)
        {
            for (var t = cmdlet; t != null && t != typeof(object); t = t.BaseType)
            {
                var s = Summary("T:" + Id(t))?.Elements("para").FirstOrDefault(p => (string?)p.Attribute("type") == "synopsis");
                if (s != null) return Text(s);
            }
            return "";
        }

        /// <summary>The &lt;para type="description"&gt; paragraphs of the cmdlet class.</summary>
        public List<string> Description(Type cmdlet)
        {
            var summary = Summary("T:" + Id(cmdlet));
            if (summary == null) return new List<string>();
            return summary.Elements("para").Where(p => (string?)p.Attribute("type") == "description").SelectMany(Paragraphs).Where(p => p.Length > 0).ToList();
        }

        /// <summary>The summary of a parameter's property, looked up on the class that declares it.</summary>
        public List<string> Parameter(PropertyInfo? property)
        {
            if (property == null) return new List<string>();
            for (var t = property.DeclaringType; t != null && t != typeof(object); t = t.BaseType)
            {
                var s = Summary("P:" + Id(t) + "." + property.Name);
                if (s != null) return Paragraphs(s).Where(p => p.Length > 0).ToList();
            }
            return new List<string>();
        }

        /// <summary>A summary split into paragraphs at nested &lt;para&gt; elements.</summary>
        private static List<string> Paragraphs(XElement e)
        {
            var result = new List<string>();
            var current = new StringBuilder();
            foreach (var node in e.Nodes())
            {
                if (node is XElement pe && pe.Name == "para" && pe.Attribute("type") == null)
                {
                    Flush(result, current);
                    result.Add(Text(pe));
                }
                else Append(current, node);
            }
            Flush(result, current);
            return result;
        }

        private static void Flush(List<string> result, StringBuilder current)
        {
            var t = Normalize(current.ToString());
            if (t.Length > 0) result.Add(t);
            current.Clear();
        }

        public static string Text(XElement e)
        {
            var sb = new StringBuilder();
            foreach (var n in e.Nodes()) Append(sb, n);
            return Normalize(sb.ToString());
        }

        private static void Append(StringBuilder sb, XNode node)
        {
            switch (node)
            {
                case XText t: sb.Append(t.Value); break;
                case XElement e when e.Name == "see" || e.Name == "seealso":
                    var cref = (string?)e.Attribute("cref") ?? (string?)e.Attribute("langword") ?? (string?)e.Attribute("href") ?? "";
                    if (!e.IsEmpty && e.Value.Length > 0) sb.Append(e.Value);
                    else
                    {
                        var name = cref.Contains(':') ? cref.Substring(cref.IndexOf(':') + 1) : cref;
                        int paren = name.IndexOf('(');
                        if (paren >= 0) name = name.Substring(0, paren);
                        sb.Append(name.Contains('.') ? name.Substring(name.LastIndexOf('.') + 1) : name);
                    }
                    break;
                case XElement e when e.Name == "paramref" || e.Name == "typeparamref":
                    sb.Append((string?)e.Attribute("name")); break;
                case XElement e:
                    foreach (var n in e.Nodes()) Append(sb, n);
                    break;
            }
        }

        private static string Normalize(string s) => Regex.Replace(s, @"\s+", " ").Trim();
    }

    public sealed class Example
    {
        public string Title { get; set; } = "";
        public string Code { get; set; } = "";
        public List<string> Remarks { get; } = new List<string>();
    }

    /// <summary>
    /// docs/examples/&lt;Verb-Noun&gt;.md: "## Example N: title" headings, each with one ```powershell block and remark paragraphs
    /// after it; optional "## Notes" (paragraphs) and "## Related" (a list of cmdlet or topic names).
    /// </summary>
    public sealed class ExampleFile
    {
        public List<Example> Examples { get; } = new List<Example>();
        public List<string> Notes { get; } = new List<string>();
        public List<string> Related { get; } = new List<string>();
        public bool Exists { get; private set; }

        public static ExampleFile Read(string path)
        {
            var file = new ExampleFile();
            if (!File.Exists(path)) return file;
            file.Exists = true;
            string section = "";
            Example? current = null;
            var para = new StringBuilder();
            bool inCode = false;
            var code = new StringBuilder();

            void EndParagraph()
            {
                var t = Regex.Replace(para.ToString(), @"\s+", " ").Trim();
                para.Clear();
                if (t.Length == 0) return;
                if (section == "example" && current != null) current.Remarks.Add(t);
                else if (section == "notes") file.Notes.Add(t);
            }

            foreach (var raw in File.ReadAllLines(path))
            {
                var line = raw.TrimEnd();
                if (inCode)
                {
                    if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                    {
                        inCode = false;
                        if (current != null && current.Code.Length == 0) current.Code = code.ToString().TrimEnd('\n');
                        code.Clear();
                    }
                    else code.Append(raw).Append('\n');
                    continue;
                }
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    EndParagraph();
                    inCode = true;
                    continue;
                }
                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    EndParagraph();
                    var heading = line.Substring(3).Trim();
                    if (heading.StartsWith("Example", StringComparison.OrdinalIgnoreCase))
                    {
                        section = "example";
                        int colon = heading.IndexOf(':');
                        current = new Example { Title = colon >= 0 ? heading.Substring(colon + 1).Trim() : heading };
                        file.Examples.Add(current);
                    }
                    else if (heading.StartsWith("Note", StringComparison.OrdinalIgnoreCase)) { section = "notes"; current = null; }
                    else if (heading.StartsWith("Related", StringComparison.OrdinalIgnoreCase)) { section = "related"; current = null; }
                    else { section = ""; current = null; }
                    continue;
                }
                if (line.StartsWith("# ", StringComparison.Ordinal)) { EndParagraph(); section = ""; continue; }
                if (section == "related")
                {
                    var item = line.TrimStart('-', '*', ' ').Trim().Trim('`');
                    if (item.Length > 0) file.Related.Add(item);
                    continue;
                }
                if (line.Trim().Length == 0) EndParagraph();
                else para.Append(line).Append(' ');
            }
            EndParagraph();
            return file;
        }
    }
}
