using System.Collections.Generic;
using System.Text;

namespace ListingPs.Core.Model
{
    /// <summary>Where a template's "{name}" placeholders take their text from.</summary>
    internal interface ITemplateValues
    {
        /// <summary>The text for the placeholder whose name is <paramref name="template"/>[<paramref name="start"/>, +<paramref name="length"/>).</summary>
        string Value(string template, int start, int length);
    }

    /// <summary>
    /// Renders message templates: every "{name}" is replaced by its value; a "{" without a closing "}" stays as it is. One
    /// renderer for the verification reasons (<see cref="ReasonCodes"/>) and the connection report's reasons.
    /// </summary>
    internal static class TemplateText
    {
        public static string Render<TValues>(string template, TValues values) where TValues : ITemplateValues
        {
            int open = template.IndexOf('{');
            if (open < 0) return template;
            var sb = new StringBuilder(template.Length + 32);
            int i = 0;
            while (open >= 0)
            {
                int end = template.IndexOf('}', open + 1);
                if (end < 0) break;
                sb.Append(template, i, open - i);
                sb.Append(values.Value(template, open + 1, end - open - 1));
                i = end + 1;
                open = i < template.Length ? template.IndexOf('{', i) : -1;
            }
            sb.Append(template, i, template.Length - i);
            return sb.ToString();
        }

        /// <summary>Values from a dictionary, "?" for a name it lacks.</summary>
        internal readonly struct DictionaryValues : ITemplateValues
        {
            private readonly IReadOnlyDictionary<string, string> _values;
            public DictionaryValues(IReadOnlyDictionary<string, string> values) { _values = values; }
            public string Value(string template, int start, int length) =>
                _values.TryGetValue(template.Substring(start, length), out var v) ? v : "?";
        }

        /// <summary>Values from parallel name/value arrays (names compared ordinally, the last of equal names wins), "?" for a name they lack.</summary>
        internal readonly struct ArrayValues : ITemplateValues
        {
            private readonly string[] _keys;
            private readonly string[] _values;
            public ArrayValues(string[] keys, string[] values) { _keys = keys; _values = values; }
            public string Value(string template, int start, int length)
            {
                for (int k = _keys.Length - 1; k >= 0; k--)
                {
                    var key = _keys[k];
                    if (key.Length == length && string.CompareOrdinal(key, 0, template, start, length) == 0) return _values[k];
                }
                return "?";
            }
        }
    }
}
