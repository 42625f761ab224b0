using System;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>
    /// Microsoft.Extensions.Logging provider bound to a cmdlet's streams. The engine may log from any thread, so entries are
    /// queued and the cmdlet writes them on the pipeline thread (<see cref="ListingPsCmdlet.FlushLog"/>): Trace and Debug go to
    /// the debug stream, Information to verbose, Warning and above to warnings.
    /// </summary>
    internal sealed class PowerShellLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Message)> _queue;
        private readonly LogLevel _minimum;

        public PowerShellLoggerProvider(ConcurrentQueue<(LogLevel, string)> queue, LogLevel minimum)
        {
            _queue = queue;
            _minimum = minimum;
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose() { }

        private sealed class Logger : ILogger
        {
            private readonly PowerShellLoggerProvider _owner;
            private readonly string _category;

            public Logger(PowerShellLoggerProvider owner, string category)
            {
                _owner = owner;
                int dot = category.LastIndexOf('.');
                _category = dot >= 0 ? category.Substring(dot + 1) : category;
            }

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= _owner._minimum;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel)) return;
                var message = formatter(state, exception);
                if (exception != null) message += " " + exception.Message;
                _owner._queue.Enqueue((logLevel, "[" + _category + "] " + message));
            }
        }
    }
}
