using System;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text;

namespace ListingPs.Host
{
    /// <summary>
    /// Formats error records the way PowerShell's NormalView does: the command and message, the position (script, line,
    /// the offending line with a marker), then the category and the fully qualified error id.
    /// </summary>
    public static class ErrorFormatter
    {
        /// <summary>The text of one error record, without a trailing new line.</summary>
        public static string Format(ErrorRecord record)
        {
            var text = new StringBuilder();
            text.Append(CommandPrefix(record.InvocationInfo));
            text.Append(Message(record));
            string? position = record.InvocationInfo?.PositionMessage;
            if (!string.IsNullOrEmpty(position))
            {
                text.Append(Environment.NewLine).Append(position.TrimEnd());
            }
            text.Append(Environment.NewLine).Append("    + CategoryInfo          : ").Append(record.CategoryInfo);
            text.Append(Environment.NewLine).Append("    + FullyQualifiedErrorId : ").Append(record.FullyQualifiedErrorId);
            return text.ToString();
        }

        /// <summary>The text of a parse error of a script or command text, in the same layout.</summary>
        public static string Format(ParseError error)
        {
            var text = new StringBuilder();
            text.Append(error.Message);
            string position = InvocationInfo.Create(null, error.Extent).PositionMessage;
            if (!string.IsNullOrEmpty(position))
            {
                text.Append(Environment.NewLine).Append(position.TrimEnd());
            }
            text.Append(Environment.NewLine).Append("    + CategoryInfo          : ParserError: (:) [], ParseException");
            text.Append(Environment.NewLine).Append("    + FullyQualifiedErrorId : ").Append(error.ErrorId);
            return text.ToString();
        }

        private static string Message(ErrorRecord record)
        {
            string? message = record.ErrorDetails?.Message;
            if (string.IsNullOrEmpty(message))
            {
                message = record.Exception?.Message;
            }
            return string.IsNullOrEmpty(message) ? record.ToString() : message;
        }

        private static string CommandPrefix(InvocationInfo? invocation)
        {
            // As NormalView: errors written by a command name it ("Get-Market : ..."); a throw in a script does not.
            CommandInfo? command = invocation?.MyCommand;
            if (invocation == null || command == null || command.CommandType == CommandTypes.ExternalScript || command.CommandType == CommandTypes.Script)
            {
                return string.Empty;
            }
            string name = invocation.InvocationName;
            if (string.IsNullOrEmpty(name) || name == "&" || name == ".")
            {
                name = command.Name;
            }
            return string.IsNullOrEmpty(name) ? string.Empty : name + " : ";
        }
    }
}
