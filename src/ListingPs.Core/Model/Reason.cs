using System;
using System.Collections.Generic;

namespace ListingPs.Core.Model
{
    /// <summary>Why an offer is refused on a market: a stable code, the seller's message and what to change.</summary>
    /// <remarks>
    /// Reasons the engine makes (verification, records read back from a workspace) keep their code and parameters and render
    /// <see cref="Message"/> and <see cref="Hint"/> from the code's templates on first access, and build
    /// <see cref="Parameters"/> on first access too: most reasons are only stored or counted, never read as text.
    /// </remarks>
    public sealed class Reason
    {
        public Reason(string code, string message, string hint, IReadOnlyDictionary<string, string>? parameters = null)
        {
            Code = code; _message = message; _hint = hint;
            _parameters = TextMap.From(parameters);
        }

        /// <summary>A reason rendered lazily from parallel name/value arrays (not copied: the caller hands them over; no name twice).</summary>
        internal static Reason Lazy(string code, ReasonTemplate? template, string[] keys, string[] values) => new Reason(code, template, keys, values);

        /// <summary>A reason rendered lazily from an immutable map of its parameters (kept as the reason's <see cref="Parameters"/>).</summary>
        internal static Reason Lazy(string code, ReasonTemplate? template, TextMap parameters) => new Reason(code, template, parameters);

        private Reason(string code, ReasonTemplate? template, string[] keys, string[] values)
        {
            Code = code; _template = template; _keys = keys; _values = values; _lazy = true;
        }

        private Reason(string code, ReasonTemplate? template, TextMap parameters)
        {
            Code = code; _template = template; _parameters = parameters; _lazy = true;
        }

        internal static readonly IReadOnlyDictionary<string, string> EmptyParameters = TextMap.Empty;

        /// <summary>Message and hint are rendered on first read (false: given to the constructor, kept as given).</summary>
        private readonly bool _lazy;
        private readonly ReasonTemplate? _template;
        private readonly string[]? _keys;
        private readonly string[]? _values;
        private string? _message;
        private string? _hint;
        private TextMap? _parameters;

        public string Code { get; }

        public string Message
        {
            get
            {
                if (_message == null && _lazy) _message = _template == null ? Code : Render(Variant ? _template.VariantMessage : _template.Message);
                return _message!;
            }
        }

        public string Hint
        {
            get
            {
                if (_hint == null && _lazy) _hint = _template == null ? "" : Render(Variant ? _template.VariantHint : _template.Hint);
                return _hint!;
            }
        }

        /// <summary>The values the message names (maxAllowedPriceDecreasePercent, currency...); prints as "name=value, ...".</summary>
        public IReadOnlyDictionary<string, string> Parameters => _parameters ??= BuildParameters();

        /// <summary>
        /// <see cref="Parameters"/> as text, "name=value, name=value" in the reason's order: what the list view shows, the same
        /// for a reason read back from Export-Clixml (where the parameters come back as an unordered Hashtable).
        /// </summary>
        public string ParameterText => Parameters.ToString() ?? "";

        /// <summary>How many parameters the reason has, without building <see cref="Parameters"/>.</summary>
        internal int ParameterCount => _parameters != null ? _parameters.Count : _keys!.Length;

        /// <summary>The parameters in their order, without building <see cref="Parameters"/> when the reason holds them as arrays.</summary>
        internal bool TryGetParameterArrays(out string[] keys, out string[] values)
        {
            if (_parameters == null && _keys != null)
            {
                keys = _keys; values = _values!;
                return true;
            }
            keys = values = Array.Empty<string>();
            return false;
        }

        /// <summary>Whether the reason has the parameter that picks its template's other wording.</summary>
        private bool Variant =>
            _template?.VariantKey is string key && (_parameters != null ? _parameters.ContainsKey(key) : Array.IndexOf(_keys!, key) >= 0);

        private string Render(string template) =>
            _parameters != null
                ? TemplateText.Render(template, new TemplateText.DictionaryValues(_parameters))
                : TemplateText.Render(template, new TemplateText.ArrayValues(_keys!, _values!));

        private TextMap BuildParameters()
        {
            var keys = _keys!;
            if (keys.Length == 0) return TextMap.Empty;
            var d = new Dictionary<string, string>(keys.Length, StringComparer.Ordinal);
            for (int i = 0; i < keys.Length; i++) d[keys[i]] = _values![i];
            return new TextMap(d);
        }

        public override string ToString() => Code;
    }

    /// <summary>A delivery method that serves the market, with its price in the market currency.</summary>
    public sealed class DeliveryQuote
    {
        public DeliveryQuote(string method, string name, decimal price, string currency, bool converted)
        {
            Method = method; Name = name; Price = price; Currency = currency; Converted = converted;
        }
        public string Method { get; }
        public string Name { get; }
        public decimal Price { get; }
        public string Currency { get; }
        /// <summary>True for the seller's own methods, whose base-market price was converted.</summary>
        public bool Converted { get; }
        public override string ToString() => Method + " " + Price.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + Currency;
    }
}
