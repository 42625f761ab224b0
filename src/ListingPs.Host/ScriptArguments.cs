using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation.Runspaces;

namespace ListingPs.Host
{
    /// <summary>
    /// Turns the script's command-line arguments into command parameters the way <c>pwsh -File</c> does, so the script's
    /// param block binds them as if it had been called from PowerShell.
    /// </summary>
    public static class ScriptArguments
    {
        /// <summary>
        /// <c>-Name value</c> and switches stay parameter tokens (the binder pairs a name with the value after it, or binds
        /// a switch); <c>-Name:value</c> and <c>-Name: value</c> bind the value to the name, with <c>true</c>,
        /// <c>false</c>, <c>$true</c> and <c>$false</c> as booleans (<c>-Force:$false</c>); everything else, negative
        /// numbers included, is a positional string.
        /// </summary>
        public static IReadOnlyList<CommandParameter> ToParameters(IReadOnlyList<string> args)
        {
            var parameters = new List<CommandParameter>();
            string? pendingName = null;
            foreach (string arg in args)
            {
                if (pendingName != null)
                {
                    parameters.Add(new CommandParameter(pendingName, arg));
                    pendingName = null;
                }
                else if (IsParameterName(arg))
                {
                    int colon = arg.IndexOf(':');
                    if (colon < 0)
                    {
                        // A name token ("-Name"): the binder takes the next argument as its value, or binds a switch.
                        parameters.Add(new CommandParameter(arg));
                    }
                    else if (colon == arg.Length - 1)
                    {
                        pendingName = arg.Substring(1, colon - 1);
                    }
                    else
                    {
                        parameters.Add(new CommandParameter(arg.Substring(1, colon - 1), ToBooleanIfPossible(arg.Substring(colon + 1))));
                    }
                }
                else
                {
                    parameters.Add(new CommandParameter(null, arg));
                }
            }
            if (pendingName != null)
            {
                // "-Name:" at the very end: pass the bare name so the binder reports the missing value.
                parameters.Add(new CommandParameter("-" + pendingName));
            }
            return parameters;
        }

        private static bool IsParameterName(string arg) =>
            arg.Length > 1
            && arg[0] == '-'
            && (char.IsLetter(arg[1]) || arg[1] == '_')
            && !double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

        private static object ToBooleanIfPossible(string value)
        {
            string text = value.StartsWith("$", StringComparison.Ordinal) ? value.Substring(1) : value;
            return bool.TryParse(text, out bool flag) ? flag : value;
        }
    }
}
