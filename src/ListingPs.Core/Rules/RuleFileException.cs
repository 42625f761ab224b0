namespace ListingPs.Core.Rules
{
    /// <summary>A rule file that cannot be used: names the file, line and column (1-based) of the offending node.</summary>
    public sealed class RuleFileException : ListingPsException
    {
        public RuleFileException(string file, long line, long column, string message)
            : base(ErrorIds.RuleFileInvalid, file + ":" + line + ":" + column + ": " + message, ErrorKind.InvalidData)
        {
            File = file; Line = line; Column = column; Problem = message;
        }

        public string File { get; }
        public long Line { get; }
        public long Column { get; }
        /// <summary>What is wrong, without the location.</summary>
        public string Problem { get; }
    }
}
