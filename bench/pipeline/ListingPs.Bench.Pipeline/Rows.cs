using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace ListingPs.Bench.Pipeline
{
    /// <summary>
    /// Import-Csv-shaped rows as PowerShell sees them: a PSObject with one string note property per column, built the way
    /// Import-Csv builds its rows. <see cref="Stream"/> makes each row when the pipeline asks for it (nothing is held, so
    /// memory can be watched against the number of rows piped); <see cref="Array"/> holds them all (the baselines
    /// pipe a variable).
    /// </summary>
    public static class Rows
    {
        /// <summary>The column names, in order.</summary>
        public static string[] Columns => (string[])BenchRows.Columns.Clone();

        /// <summary>Row <paramref name="index"/> with the given columns (all of <see cref="BenchRows.Columns"/> when null).</summary>
        public static PSObject Make(long index, string[]? columns = null, int seed = 20230510)
        {
            var values = new string[BenchRows.Columns.Length];
            BenchRows.Fill(index, values, seed);
            return Build(values, columns);
        }

        private static PSObject Build(string[] values, string[]? columns)
        {
            var o = new PSObject();
            if (columns == null)
            {
                for (int c = 0; c < values.Length; c++) o.Properties.Add(new PSNoteProperty(BenchRows.Columns[c], values[c]), true);
            }
            else
            {
                foreach (var name in columns)
                {
                    // BasePrice: the Price column under the name Submit-Offer binds by property name.
                    int c = System.Array.IndexOf(BenchRows.Columns, name == "BasePrice" ? "Price" : name);
                    o.Properties.Add(new PSNoteProperty(name, c >= 0 ? values[c] : ""), true);
                }
            }
            return o;
        }

        /// <summary>Rows first .. first+count-1, made one at a time as they are enumerated.</summary>
        public static IEnumerable Stream(long count, long first = 0, string[]? columns = null, int seed = 20230510) =>
            new RowStream(count, first, columns, seed);

        /// <summary>Rows first .. first+count-1, all made up front.</summary>
        public static PSObject[] Array(int count, long first = 0, string[]? columns = null, int seed = 20230510)
        {
            var rows = new PSObject[count];
            var values = new string[BenchRows.Columns.Length];
            for (int i = 0; i < count; i++)
            {
                BenchRows.Fill(first + i, values, seed);
                rows[i] = Build(values, columns);
            }
            return rows;
        }

        /// <summary>Enumerates the rows and drops them: the cost of making them, without any pipeline.</summary>
        public static long Drain(IEnumerable rows)
        {
            long n = 0;
            foreach (var r in rows) n++;
            return n;
        }

        /// <summary>The raw values of row <paramref name="index"/> (for checks).</summary>
        public static string[] Values(long index, int seed = 20230510)
        {
            var values = new string[BenchRows.Columns.Length];
            BenchRows.Fill(index, values, seed);
            return values;
        }

        private sealed class RowStream : IEnumerable
        {
            private readonly long _count, _first;
            private readonly string[]? _columns;
            private readonly int _seed;
            public RowStream(long count, long first, string[]? columns, int seed) { _count = count; _first = first; _columns = columns; _seed = seed; }
            public IEnumerator GetEnumerator() => new Enumerator(this);

            private sealed class Enumerator : IEnumerator
            {
                private readonly RowStream _s;
                private readonly string[] _values = new string[BenchRows.Columns.Length];
                private long _i = -1;
                private PSObject? _current;
                public Enumerator(RowStream s) { _s = s; }
                public object Current => _current ?? throw new InvalidOperationException();
                public bool MoveNext()
                {
                    if (++_i >= _s._count) { _current = null; return false; }
                    BenchRows.Fill(_s._first + _i, _values, _s._seed);
                    _current = Build(_values, _s._columns);
                    return true;
                }
                public void Reset() { _i = -1; _current = null; }
            }
        }
    }
}
