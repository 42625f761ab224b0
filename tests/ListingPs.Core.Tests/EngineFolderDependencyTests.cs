using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// The engine's folders form no cycle: no folder of src/ListingPs.Core imports one that imports it back. Read from the
    /// source: "using ListingPs.Core.X" directives (plain, static and aliases), fully qualified "ListingPs.Core.X." names,
    /// and names qualified through the parent namespace ("Model.OfferCondition" inside ListingPs.Core.Connections). A
    /// folder whose files declare the root namespace ListingPs.Core (Diagnostics) is visible to every folder without a
    /// using, so every folder counts as importing it.
    /// </summary>
    public sealed class EngineFolderDependencyTests
    {
        [Fact]
        public void No_folder_of_the_engine_imports_one_that_imports_it_back()
        {
            var graph = FolderGraph.Read(EngineSource());
            var cycles = graph.Cycles();
            Assert.True(cycles.Count == 0, "The engine's folders import each other in a cycle:\n" + string.Join("\n", cycles.Select(graph.Describe)));
        }

        [Fact]
        public void The_graph_is_read_from_the_engine_itself()
        {
            // Guards the test above against passing on an empty or misread graph: edges every version of the engine has.
            var graph = FolderGraph.Read(EngineSource());
            Assert.Contains("Workspace", graph.Folders);
            Assert.Contains("Model", graph.Folders);
            Assert.True(graph.Imports("Sharing", "Workspace"), "Sharing uses the workspace");
            Assert.True(graph.Imports("Connections", "Sharing"), "Connections shares offers through the share service");
            Assert.True(graph.Imports("Workspace", "Model"), "the workspace stores the model's records");
        }

        [Fact]
        public void Comments_and_strings_are_not_imports_and_every_form_of_reference_is()
        {
            var graph = FolderGraph.Read(new[]
            {
                ("A/One.cs", "using ListingPs.Core.B;\nnamespace ListingPs.Core.A { class One { } }"),
                ("B/Two.cs", "namespace ListingPs.Core.B {\n// using ListingPs.Core.A;\n/* ListingPs.Core.A.One */ class Two { string s = \"ListingPs.Core.A.One\"; string v = @\"ListingPs.Core.A\"\"\"; char c = '\"'; } }"),
                ("C/Three.cs", "namespace ListingPs.Core.C { class Three { object o = new global::ListingPs.Core.D.Four(); } }"),
                ("D/Four.cs", "namespace ListingPs.Core.D { class Four { object o = C.Three.X; int Count => Four.Length; } }"),
                ("E/Five.cs", "using static ListingPs.Core.F.Six;\nnamespace ListingPs.Core.E { class Five { } }"),
                ("F/Six.cs", "using Alias = ListingPs.Core.E.Five;\nnamespace ListingPs.Core.F { class Six { } }"),
                ("Root/Err.cs", "namespace ListingPs.Core { class Err { } }"),
            });
            Assert.True(graph.Imports("A", "B"));
            Assert.False(graph.Imports("B", "A"));
            Assert.True(graph.Imports("C", "D"));
            Assert.True(graph.Imports("D", "C"));
            Assert.True(graph.Imports("E", "F"));
            Assert.True(graph.Imports("F", "E"));
            Assert.True(graph.Imports("A", "Root"));
            var cycles = graph.Cycles().Select(graph.Describe).ToList();
            Assert.Equal(2, cycles.Count);
            Assert.Contains(cycles, c => c.StartsWith("C -> D -> C", StringComparison.Ordinal) && c.Contains("C/Three.cs") && c.Contains("D/Four.cs"));
            Assert.Contains(cycles, c => c.StartsWith("E -> F -> E", StringComparison.Ordinal));
        }

        private static IEnumerable<(string Path, string Text)> EngineSource()
        {
            var root = EngineRoot();
            foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (rel.StartsWith("bin/", StringComparison.Ordinal) || rel.StartsWith("obj/", StringComparison.Ordinal)) continue;
                yield return (rel, File.ReadAllText(file));
            }
        }

        private static string EngineRoot()
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            {
                var engine = Path.Combine(d.FullName, "src", "ListingPs.Core");
                if (File.Exists(Path.Combine(engine, "ListingPs.Core.csproj"))) return engine;
            }
            throw new InvalidOperationException("src/ListingPs.Core not found above " + AppContext.BaseDirectory);
        }

        /// <summary>Folders of the engine and which imports which, with the first file that shows each import.</summary>
        private sealed class FolderGraph
        {
            private static readonly Regex Qualified = new Regex(@"\bListingPs\s*\.\s*Core\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant);
            private static readonly Regex NamespaceDecl = new Regex(@"\bnamespace\s+([A-Za-z_][A-Za-z0-9_.]*)", RegexOptions.CultureInvariant);
            private static readonly Regex TypeDecl = new Regex(@"\b(?:class|struct|interface|enum|record|delegate\s+\S+)\s+([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant);
            private static readonly Regex Dotted = new Regex(@"(?<![\w.])([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant);

            private readonly SortedDictionary<string, SortedDictionary<string, string>> _edges = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);

            private readonly Dictionary<string, List<string>> _groupOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);

            public SortedSet<string> Folders { get; } = new SortedSet<string>(StringComparer.Ordinal);

            public bool Imports(string from, string to) => _edges.TryGetValue(from, out var e) && e.ContainsKey(to);

            public static FolderGraph Read(IEnumerable<(string Path, string Text)> files)
            {
                var g = new FolderGraph();
                var code = files.Select(f => (f.Path, Folder: FolderOf(f.Path), Code: CodeOnly(f.Text))).ToList();
                // Which folder each namespace is, and which types each folder declares.
                var folderOfNamespace = new Dictionary<string, string>(StringComparer.Ordinal);
                var types = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                var rootFolders = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (_, folder, text) in code)
                {
                    g.Folders.Add(folder);
                    foreach (Match m in NamespaceDecl.Matches(text))
                    {
                        var ns = m.Groups[1].Value;
                        if (ns == "ListingPs.Core") rootFolders.Add(folder);
                        else if (ns.StartsWith("ListingPs.Core.", StringComparison.Ordinal)) folderOfNamespace[ns.Substring("ListingPs.Core.".Length).Split('.')[0]] = folder;
                    }
                    if (!types.TryGetValue(folder, out var set)) types[folder] = set = new HashSet<string>(StringComparer.Ordinal);
                    foreach (Match m in TypeDecl.Matches(text)) set.Add(m.Groups[1].Value);
                }
                foreach (var (path, folder, text) in code)
                {
                    var body = NamespaceDecl.Replace(text, "");
                    foreach (Match m in Qualified.Matches(body))
                        if (folderOfNamespace.TryGetValue(m.Groups[1].Value, out var to)) g.Add(folder, to, path);
                    foreach (Match m in Dotted.Matches(body))
                    {
                        // "Model.OfferCondition": a sibling namespace named through the parent namespace ListingPs.Core.
                        if (m.Groups[1].Value == "Core") continue;
                        if (folderOfNamespace.TryGetValue(m.Groups[1].Value, out var to) && types[to].Contains(m.Groups[2].Value)
                            && !types[folder].Contains(m.Groups[1].Value))
                            g.Add(folder, to, path);
                    }
                    foreach (var r in rootFolders) g.Add(folder, r, "(the root namespace ListingPs.Core)");
                }
                return g;
            }

            private void Add(string from, string to, string evidence)
            {
                if (from == to) return;
                if (!_edges.TryGetValue(from, out var e)) _edges[from] = e = new SortedDictionary<string, string>(StringComparer.Ordinal);
                if (!e.ContainsKey(to)) e[to] = evidence;
            }

            /// <summary>One cycle per strongly connected group of folders, each as the folders in order with the first back to the start.</summary>
            public List<List<string>> Cycles()
            {
                var result = new List<List<string>>();
                foreach (var group in StronglyConnected().Where(s => s.Count > 1))
                {
                    var start = group.Min(StringComparer.Ordinal)!;
                    var cycle = ShortestCycle(start, new HashSet<string>(group, StringComparer.Ordinal));
                    _groupOf[cycle[0]] = group.OrderBy(f => f, StringComparer.Ordinal).ToList();
                    result.Add(cycle);
                }
                return result;
            }

            public string Describe(List<string> cycle)
            {
                var sb = new StringBuilder(string.Join(" -> ", cycle));
                if (_groupOf.TryGetValue(cycle[0], out var group) && group.Count > cycle.Count - 1)
                    sb.Append(" (in a cycle with each other: ").Append(string.Join(", ", group)).Append(')');
                for (int i = 0; i + 1 < cycle.Count; i++)
                    sb.Append("\n    ").Append(cycle[i]).Append(" -> ").Append(cycle[i + 1]).Append(": ").Append(_edges[cycle[i]][cycle[i + 1]]);
                return sb.ToString();
            }

            private IEnumerable<string> Next(string folder) => _edges.TryGetValue(folder, out var e) ? e.Keys : Enumerable.Empty<string>();

            private List<string> ShortestCycle(string start, HashSet<string> within)
            {
                var before = new Dictionary<string, string>(StringComparer.Ordinal);
                var queue = new Queue<string>();
                queue.Enqueue(start);
                while (queue.Count > 0)
                {
                    var at = queue.Dequeue();
                    foreach (var n in Next(at).Where(within.Contains))
                    {
                        if (n == start)
                        {
                            var path = new List<string> { start };
                            for (var p = at; p != start; p = before[p]) path.Insert(1, p);
                            path.Add(start);
                            return path;
                        }
                        if (before.ContainsKey(n)) continue;
                        before[n] = at;
                        queue.Enqueue(n);
                    }
                }
                throw new InvalidOperationException("no cycle through " + start);
            }

            private List<List<string>> StronglyConnected()
            {
                // Tarjan's algorithm.
                int index = 0;
                var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
                var low = new Dictionary<string, int>(StringComparer.Ordinal);
                var stack = new Stack<string>();
                var onStack = new HashSet<string>(StringComparer.Ordinal);
                var groups = new List<List<string>>();
                void Visit(string v)
                {
                    indexOf[v] = low[v] = index++;
                    stack.Push(v); onStack.Add(v);
                    foreach (var w in Next(v))
                    {
                        if (!indexOf.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                        else if (onStack.Contains(w)) low[v] = Math.Min(low[v], indexOf[w]);
                    }
                    if (low[v] != indexOf[v]) return;
                    var group = new List<string>();
                    string x;
                    do { x = stack.Pop(); onStack.Remove(x); group.Add(x); } while (x != v);
                    groups.Add(group);
                }
                foreach (var f in Folders.Concat(_edges.Keys).Distinct()) if (!indexOf.ContainsKey(f)) Visit(f);
                return groups;
            }

            private static string FolderOf(string path)
            {
                int slash = path.IndexOf('/');
                return slash < 0 ? "(root)" : path.Substring(0, slash);
            }

            /// <summary>The text with comments, string and character literals blanked (a name in them imports nothing).</summary>
            internal static string CodeOnly(string s)
            {
                var sb = new StringBuilder(s.Length);
                int i = 0;
                while (i < s.Length)
                {
                    char c = s[i];
                    char n = i + 1 < s.Length ? s[i + 1] : '\0';
                    if (c == '/' && n == '/') { while (i < s.Length && s[i] != '\n') i++; continue; }
                    if (c == '/' && n == '*') { int end = s.IndexOf("*/", i + 2, StringComparison.Ordinal); i = end < 0 ? s.Length : end + 2; sb.Append(' '); continue; }
                    if (c == '\'') { i = SkipQuoted(s, i + 1, '\'', verbatim: false); sb.Append("' '"); continue; }
                    // Prefixes: @"..", $"..", $@"..", @$"..", and raw """...""" (with or without $).
                    int q = i;
                    bool verbatim = false;
                    while (q < s.Length && (s[q] == '@' || s[q] == '$') && q - i < 3) { if (s[q] == '@') verbatim = true; q++; }
                    if (q < s.Length && s[q] == '"' && (q == i || !IsNamePart(i > 0 ? s[i - 1] : ' ')))
                    {
                        int quotes = 0;
                        while (q + quotes < s.Length && s[q + quotes] == '"') quotes++;
                        if (quotes >= 3)
                        {
                            var fence = new string('"', quotes);
                            int end = s.IndexOf(fence, q + quotes, StringComparison.Ordinal);
                            i = end < 0 ? s.Length : end + quotes;
                        }
                        else i = SkipQuoted(s, q + 1, '"', verbatim);
                        sb.Append("\"\"");
                        continue;
                    }
                    sb.Append(c);
                    i++;
                }
                return sb.ToString();
            }

            private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c == '_';

            /// <summary>The index after the literal's closing quote.</summary>
            private static int SkipQuoted(string s, int i, char quote, bool verbatim)
            {
                while (i < s.Length)
                {
                    if (!verbatim && s[i] == '\\') { i += 2; continue; }
                    if (s[i] == quote)
                    {
                        if (verbatim && i + 1 < s.Length && s[i + 1] == quote) { i += 2; continue; }
                        return i + 1;
                    }
                    i++;
                }
                return i;
            }
        }
    }
}
