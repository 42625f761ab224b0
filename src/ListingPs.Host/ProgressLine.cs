using System.Globalization;
using System.IO;
using System.Management.Automation;

namespace ListingPs.Host
{
    /// <summary>
    /// Draws progress records as one line that updates in place (carriage return, no new line) and is erased when the
    /// activity completes or before other text is written. Disabled when the output is redirected: logs get no progress.
    /// </summary>
    public sealed class ProgressLine
    {
        private readonly TextWriter _writer;
        private readonly int _width;
        private int _shownLength;

        /// <summary>Creates the renderer.</summary>
        /// <param name="writer">Where the line is drawn (stderr, so it never mixes into captured output).</param>
        /// <param name="enabled">False draws nothing (output not a terminal).</param>
        /// <param name="width">The terminal width; the line is cut to fit.</param>
        public ProgressLine(TextWriter writer, bool enabled, int width)
        {
            _writer = writer;
            Enabled = enabled;
            _width = width;
        }

        /// <summary>Whether progress is drawn at all.</summary>
        public bool Enabled { get; }

        /// <summary>Shows the record (activity, status, percent), or erases the line when the record completes an activity.</summary>
        public void Update(ProgressRecord record)
        {
            if (!Enabled)
            {
                return;
            }
            if (record.RecordType == ProgressRecordType.Completed)
            {
                Clear();
                return;
            }
            string text = Describe(record);
            int max = _width - 1;
            if (text.Length > max)
            {
                text = text.Substring(0, max);
            }
            // Pad over the previous text so a shorter line leaves nothing behind.
            _writer.Write("\r" + text.PadRight(_shownLength) + "\r" + text);
            _writer.Flush();
            _shownLength = text.Length;
        }

        /// <summary>Erases the line, if one is shown.</summary>
        public void Clear()
        {
            if (_shownLength == 0)
            {
                return;
            }
            _writer.Write("\r" + new string(' ', _shownLength) + "\r");
            _writer.Flush();
            _shownLength = 0;
        }

        private static string Describe(ProgressRecord record)
        {
            string text = record.Activity;
            if (!string.IsNullOrEmpty(record.StatusDescription))
            {
                text += ": " + record.StatusDescription;
            }
            if (record.PercentComplete >= 0)
            {
                text += string.Format(CultureInfo.InvariantCulture, " [{0}%]", record.PercentComplete);
            }
            if (record.SecondsRemaining >= 0)
            {
                text += string.Format(CultureInfo.InvariantCulture, " ({0} s left)", record.SecondsRemaining);
            }
            if (!string.IsNullOrEmpty(record.CurrentOperation))
            {
                text += " " + record.CurrentOperation;
            }
            return text.Replace('\r', ' ').Replace('\n', ' ');
        }
    }
}
