using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;
using System.Xml.Linq;

namespace ListingPs.HelpGen
{
    /// <summary>
    /// Writes the module's help: MAML for every exported cmdlet (en-US/ListingPs.dll-Help.xml) and the about_ListingPs topic,
    /// into the module folder and next to each build's assembly. Gaps (no synopsis, no description, an undescribed parameter,
    /// fewer than two examples) are reported as build warnings; the module tests fail on them.
    /// Usage: ListingPs.HelpGen --module out/ListingPs --docs docs
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            string? module = null, docs = null;
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--module": module = args[i + 1]; break;
                    case "--docs": docs = args[i + 1]; break;
                }
            }
            if (module == null || docs == null)
            {
                Console.Error.WriteLine("usage: ListingPs.HelpGen --module <out/ListingPs> --docs <docs>");
                return 2;
            }
            try
            {
                var result = Generate(Path.GetFullPath(module), Path.GetFullPath(docs));
                foreach (var w in result.Warnings) Console.WriteLine("ListingPs.HelpGen : warning LPSHELP: " + w);
                Console.WriteLine("ListingPs.HelpGen: help for " + result.Cmdlets + " cmdlets written to " + string.Join(", ", result.Written));
                return 0;
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine("ListingPs.HelpGen : error LPSHELP: " + ex.Message);
                return 1;
            }
        }

        public sealed class Result
        {
            public int Cmdlets { get; set; }
            public List<string> Warnings { get; } = new List<string>();
            public List<string> Written { get; } = new List<string>();
        }

        public static Result Generate(string moduleDir, string docsDir)
        {
            var result = new Result();
            var manifest = Path.Combine(moduleDir, "ListingPs.psd1");
            if (!File.Exists(manifest)) throw new FileNotFoundException("The module is not laid out: " + manifest);
            var docXml = new[] { "net8.0", "netstandard2.0" }.Select(f => Path.Combine(moduleDir, f, "ListingPs.xml")).FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException("ListingPs.xml (the cmdlets' XML documentation) is missing under " + moduleDir);
            var docs = new DocComments(docXml);
            var examplesDir = Path.Combine(docsDir, "examples");

            var iss = InitialSessionState.CreateDefault2();
            using var runspace = RunspaceFactory.CreateRunspace(iss);
            runspace.Open();
            using var ps = PowerShell.Create();
            ps.Runspace = runspace;
            ps.AddScript("Import-Module $args[0] -ErrorAction Stop; Get-Command -Module ListingPs -CommandType Cmdlet").AddArgument(manifest);
            var cmdlets = ps.Invoke().Select(o => o.BaseObject).OfType<CmdletInfo>().OrderBy(c => c.Noun, StringComparer.Ordinal).ThenBy(c => c.Verb, StringComparer.Ordinal).ToList();
            if (ps.HadErrors) throw new InvalidOperationException("Importing " + manifest + " failed: " + string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
            if (cmdlets.Count == 0) throw new InvalidOperationException("The module exports no cmdlets: " + manifest);

            var maml = new MamlWriter();
            foreach (var cmdlet in cmdlets)
            {
                var examples = ExampleFile.Read(Path.Combine(examplesDir, cmdlet.Name + ".md"));
                var help = CommandHelp.From(cmdlet, docs, examples, cmdlets);
                foreach (var gap in help.Gaps()) result.Warnings.Add(cmdlet.Name + ": " + gap);
                maml.Add(help);
            }
            result.Cmdlets = cmdlets.Count;

            var xml = maml.ToXml();
            var about = AboutTopic.Render(Path.Combine(docsDir, "help", "about_ListingPs.help.txt"), cmdlets, docs, runspace);
            // The module root is where Get-Help looks: the manifest is the module's one entry (the cmdlet assembly alone cannot
            // load, its engine is in net8.0/dependencies behind the module's load context).
            var culture = Path.Combine(moduleDir, "en-US");
            Directory.CreateDirectory(culture);
            WriteIfChanged(Path.Combine(culture, "ListingPs.dll-Help.xml"), xml);
            if (about != null) WriteIfChanged(Path.Combine(culture, "about_ListingPs.help.txt"), about);
            result.Written.Add(culture);
            if (about == null) result.Warnings.Add("docs/help/about_ListingPs.help.txt is missing: no about_ListingPs topic");
            return result;
        }

        private static void WriteIfChanged(string path, string text)
        {
            if (File.Exists(path) && File.ReadAllText(path) == text)
            {
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow); // keeps the build step's outputs newer than its inputs
                return;
            }
            File.WriteAllText(path, text, new UTF8Encoding(false));
        }
    }
}
