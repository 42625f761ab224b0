using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text;

namespace ListingPs.Core.Model
{
    /// <summary>
    /// A read-only list whose text form is its items joined with a separator ("allegro-dhl-cz;packeta-locker-cz"). Records
    /// use it for their list properties so that wherever a record is flattened to text (Export-Csv, ConvertTo-Csv, string
    /// interpolation, ConvertTo-Json past its depth) the list reads as its items, never as a type name. The default ";" is
    /// also the list form the offer input reads, so exported offers import again unchanged.
    /// </summary>
    public sealed class TextList<T> : ReadOnlyCollection<T>
    {
        /// <summary>The empty list.</summary>
        // .NET 8 gave ReadOnlyCollection<T> an Empty of its own; this one hides it on purpose (it is a TextList, with the separator).
#pragma warning disable CS0108
        public static readonly TextList<T> Empty = new TextList<T>(Array.Empty<T>(), ";");
#pragma warning restore CS0108

        /// <summary>The empty list that prints its items with "; " (records' Delivery and Warnings).</summary>
        private static readonly TextList<T> EmptySemicolonSpace = new TextList<T>(Array.Empty<T>(), "; ");

        private readonly string _separator;

        /// <summary>The empty list with this separator (shared for ";" and "; ").</summary>
        internal static TextList<T> EmptyOf(string separator) =>
            separator == ";" ? Empty : separator == "; " ? EmptySemicolonSpace : new TextList<T>(Array.Empty<T>(), separator);

        public TextList(IList<T> items, string separator = ";") : base(items) { _separator = separator ?? ";"; }

        /// <summary>The items as a list that prints as text; an existing list with the same separator is kept as it is.</summary>
        public static TextList<T> From(IEnumerable<T>? items, string separator = ";")
        {
            if (items == null) return EmptyOf(separator);
            if (items is TextList<T> t && t._separator == separator) return t;
            T[] copy;
            if (items is ICollection<T> c)
            {
                if (c.Count == 0) return EmptyOf(separator);
                copy = new T[c.Count];
                c.CopyTo(copy, 0);
            }
            else
            {
                copy = new List<T>(items).ToArray();
                if (copy.Length == 0) return EmptyOf(separator);
            }
            return new TextList<T>(copy, separator);
        }

        /// <summary>The items' text joined with the separator; empty for no items.</summary>
        public override string ToString()
        {
            if (Count == 0) return "";
            var sb = new StringBuilder();
            for (int i = 0; i < Count; i++)
            {
                if (i > 0) sb.Append(_separator);
                sb.Append(Convert.ToString(this[i], System.Globalization.CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }
    }

    /// <summary>A read-only name/value map whose text form is "name=value, name=value" (a reason's parameters).</summary>
    public sealed class TextMap : ReadOnlyDictionary<string, string>
    {
        /// <summary>The empty map.</summary>
        // Hides .NET 8's ReadOnlyDictionary.Empty on purpose: this one is a TextMap.
#pragma warning disable CS0108
        public static readonly TextMap Empty = new TextMap(new Dictionary<string, string>(0, StringComparer.Ordinal));
#pragma warning restore CS0108

        public TextMap(IDictionary<string, string> values) : base(values) { }

        /// <summary>The map as one that prints as text; an existing TextMap is kept.</summary>
        public static TextMap From(IReadOnlyDictionary<string, string>? values)
        {
            if (values == null || values.Count == 0) return Empty;
            if (values is TextMap m) return m;
            var copy = new Dictionary<string, string>(values.Count, StringComparer.Ordinal);
            foreach (var kv in values) copy[kv.Key] = kv.Value;
            return new TextMap(copy);
        }

        public override string ToString()
        {
            var sb = new StringBuilder();
            foreach (var kv in this)
            {
                if (sb.Length > 0) sb.Append(", ");
                sb.Append(kv.Key).Append('=').Append(kv.Value);
            }
            return sb.ToString();
        }
    }
}
