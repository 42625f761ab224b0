namespace ListingPs.Core.Rules
{
    /// <summary>
    /// A rule file that cannot be used: not valid YAML, not the rule format, or inconsistent with another rule file.
    /// The message reads "&lt;file&gt;:&lt;line&gt;:&lt;column&gt;: &lt;what is wrong&gt;" and points at the offending node
    /// (for a second definition, at the second one; the message names the first).
    /// </summary>
    public sealed class RuleFileException : ListingPsException
    {
        /// <summary>A problem at a position of a rule file.</summary>
        /// <param name="file">The rule file.</param>
        /// <param name="line">1-based line.</param>
        /// <param name="column">1-based column.</param>
        /// <param name="message">What is wrong, without the position.</param>
        public RuleFileException(string file, long line, long column, string message)
            : base(ErrorIds.RuleFileInvalid, file + ":" + line + ":" + column + ": " + message, ErrorKind.InvalidData)
        {
            File = file; Line = line; Column = column; Problem = message;
        }

        /// <summary>The rule file, as it was found (the path given, or the folder's path joined with the file name).</summary>
        public string File { get; }
        /// <summary>1-based line of the offending node.</summary>
        public long Line { get; }
        /// <summary>1-based column of the offending node.</summary>
        public long Column { get; }
        /// <summary>What is wrong, without the position.</summary>
        public string Problem { get; }
    }
}
