using System;
using System.IO;

namespace ListingPs.Core.Rules
{
    /// <summary>
    /// Passes a text through to YamlDotNet and refuses a line that starts with % (a YAML directive) before the scanner sees
    /// it. Found by bench/AflFuzz (a hang): an unknown directive such as "%AAAAAAAA" followed by some hundreds of blanks or
    /// NULs and no line break kept YamlDotNet's scanner busy for 20 to 50 s per kilobyte. Rule files and JSON offer files are
    /// plain data and need no directive; <paramref name="refuse"/> makes the error (1-based line) for the caller's file.
    /// </summary>
    internal sealed class DirectiveRefusingReader : TextReader
    {
        private readonly TextReader _inner;
        private readonly Func<long, Exception> _refuse;
        private bool _lineStart = true;
        private long _line = 1;

        public DirectiveRefusingReader(TextReader inner, Func<long, Exception> refuse)
        {
            _inner = inner;
            _refuse = refuse;
        }

        public override int Peek() => _inner.Peek();

        public override int Read()
        {
            int c = _inner.Read();
            if (c >= 0) Check((char)c);
            return c;
        }

        public override int Read(char[] buffer, int index, int count)
        {
            int n = _inner.Read(buffer, index, count);
            for (int i = index; i < index + n; i++) Check(buffer[i]);
            return n;
        }

        private void Check(char c)
        {
            if (_lineStart && c == '%') throw _refuse(_line);
            // A BOM at the very start is not a character of the first line.
            if (c == '\uFEFF' && _line == 1 && _lineStart) return;
            bool isBreak = c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
            if (isBreak && !(c == '\n' && _afterCr)) _line++;
            _afterCr = c == '\r';
            _lineStart = isBreak;
        }

        private bool _afterCr;

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
