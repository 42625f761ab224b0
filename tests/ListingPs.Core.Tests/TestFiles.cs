using System;
using System.IO;
using System.Text;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// A temporary folder for rule files and other test inputs, deleted on dispose. Text may carry position markers:
    /// '«' marks where an error is expected, '‹' marks the first definition an error message should name. The markers are
    /// removed before the text is written, and their 1-based line and column are kept.
    /// </summary>
    internal sealed class TestFiles : IDisposable
    {
        /// <summary>Marks the node an error should point at.</summary>
        public const char ErrorMark = '«';
        /// <summary>Marks the first definition an error message should name.</summary>
        public const char FirstMark = '‹';

        public TestFiles()
        {
            Dir = Path.Combine(Path.GetTempPath(), "listingps-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Dir);
        }

        /// <summary>The folder.</summary>
        public string Dir { get; }

        /// <summary>Where the last written text had its '«' marker (line, column), if any.</summary>
        public (long Line, long Column)? ErrorAt { get; private set; }

        /// <summary>Where the last written text had its '‹' marker (line, column), if any.</summary>
        public (long Line, long Column)? FirstAt { get; private set; }

        /// <summary>Writes <paramref name="text"/> (UTF-8, markers removed) to <paramref name="name"/> under <see cref="Dir"/>; returns the full path.</summary>
        public string Write(string name, string text)
        {
            var path = Path.Combine(Dir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var (clean, error, first) = Unmark(text);
            ErrorAt = error; FirstAt = first;
            File.WriteAllText(path, clean, new UTF8Encoding(false));
            return path;
        }

        /// <summary>A subfolder of <see cref="Dir"/> (created).</summary>
        public string Folder(string name)
        {
            var path = Path.Combine(Dir, name);
            Directory.CreateDirectory(path);
            return path;
        }

        /// <summary>Removes the markers from <paramref name="text"/> and returns their positions.</summary>
        public static (string Text, (long Line, long Column)? Error, (long Line, long Column)? First) Unmark(string text)
        {
            (long, long)? error = null, first = null;
            var sb = new StringBuilder(text.Length);
            long line = 1, column = 1;
            foreach (var ch in text)
            {
                if (ch == ErrorMark) { error = (line, column); continue; }
                if (ch == FirstMark) { first = (line, column); continue; }
                sb.Append(ch);
                if (ch == '\n') { line++; column = 1; }
                else column++;
            }
            return (sb.ToString(), error, first);
        }

        public void Dispose()
        {
            try { Directory.Delete(Dir, true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
