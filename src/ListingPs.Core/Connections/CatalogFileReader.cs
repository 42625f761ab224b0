using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using CsvHelper;
using CsvHelper.Configuration;

namespace ListingPs.Core.Connections
{
    /// <summary>
    /// Reads the product ids of a market's catalogue from a file: a CSV (comma, semicolon or tab separated) with a ProductId
    /// or ASIN column, or a plain list with one id per line. Blank lines are skipped.
    /// </summary>
    public static class CatalogFileReader
    {
        private static readonly string[] Columns = { "ProductId", "ASIN" };

        public static IEnumerable<string> Read(string path)
        {
            if (!File.Exists(path))
                throw new ListingPsException(ErrorIds.InputFileInvalid, "The file '" + path + "' does not exist.", ErrorKind.ObjectNotFound);
            string name = Path.GetFileName(path);
            string? first;
            using (var peek = new StreamReader(path, detectEncodingFromByteOrderMarks: true))
            {
                do { first = peek.ReadLine(); } while (first != null && first.Trim().Length == 0);
            }
            if (first == null) return Array.Empty<string>();
            var cells = first.Split(',', ';', '\t');
            foreach (var c in cells)
                foreach (var col in Columns)
                    if (string.Equals(c.Trim().Trim('"'), col, StringComparison.OrdinalIgnoreCase)) return ReadCsv(path, name);
            if (cells.Length > 1)
                throw new ListingPsException(ErrorIds.InputFileInvalid,
                    name + " line 1: no ProductId or ASIN column (columns: " + first.Trim() + "); give a CSV with such a column or one product id per line.", ErrorKind.InvalidData);
            return ReadLines(path);
        }

        private static IEnumerable<string> ReadLines(string path)
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                var t = line.Trim();
                if (t.Length > 0) yield return t;
            }
        }

        private static IEnumerable<string> ReadCsv(string path, string name)
        {
            using var stream = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            var config = new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                DetectDelimiter = true,
                DetectDelimiterValues = new[] { ",", ";", "\t" },
                MissingFieldFound = null,
                BadDataFound = null,
            };
            using var csv = new CsvReader(stream, config);
            if (!csv.Read()) yield break;
            csv.ReadHeader();
            var header = csv.HeaderRecord ?? Array.Empty<string>();
            int index = -1;
            foreach (var col in Columns)
            {
                for (int i = 0; i < header.Length && index < 0; i++)
                    if (string.Equals(header[i].Trim(), col, StringComparison.OrdinalIgnoreCase)) index = i;
                if (index >= 0) break;
            }
            if (index < 0)
                throw new ListingPsException(ErrorIds.InputFileInvalid, name + " line 1: no ProductId or ASIN column.", ErrorKind.InvalidData);
            while (csv.Read())
            {
                var v = csv.TryGetField<string>(index, out var s) ? s?.Trim() : null;
                if (!string.IsNullOrEmpty(v)) yield return v!;
            }
        }
    }
}
