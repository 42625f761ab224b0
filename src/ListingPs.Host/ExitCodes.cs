namespace ListingPs.Host
{
    /// <summary>The process exit codes of the host (an <c>exit N</c> in the script returns N instead).</summary>
    public static class ExitCodes
    {
        /// <summary>The script ran to its end (non-terminating errors included, as with <c>pwsh -File</c>), or help was shown.</summary>
        public const int Success = 0;

        /// <summary>The script stopped on an unhandled terminating error, or it could not be parsed; with -Command, also when its
        /// last statement failed (as pwsh -Command).</summary>
        public const int ScriptFailed = 1;

        /// <summary>The ListingPs module was not found, or importing it failed.</summary>
        public const int ModuleUnavailable = 2;

        /// <summary>Bad host arguments, or the script file does not exist (the code <c>pwsh</c> uses for bad arguments).</summary>
        public const int BadArguments = 64;

        /// <summary>The run was stopped with Ctrl+C (128 + SIGINT, as shells report it).</summary>
        public const int Interrupted = 130;
    }
}
