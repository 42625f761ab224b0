using System;
using System.Management.Automation.Host;

namespace ListingPs.Host
{
    /// <summary>
    /// The raw console of an unattended host: a buffer as wide as the terminal (or 120 columns when the output is
    /// redirected, so tables in logs are not cut to 80 columns), no key input and no buffer access.
    /// </summary>
    public sealed class HostRawUserInterface : PSHostRawUserInterface
    {
        private const int BufferHeight = 9999;
        private const int WindowHeight = 50;
        private readonly int _width;
        private Coordinates _cursorPosition;
        private Coordinates _windowPosition;

        /// <summary>Creates the raw UI with the given width in columns.</summary>
        public HostRawUserInterface(int width)
        {
            _width = width;
            ForegroundColor = ConsoleColor.Gray;
            BackgroundColor = ConsoleColor.Black;
            WindowTitle = "ListingPs.Host";
        }

        /// <inheritdoc />
        public override ConsoleColor ForegroundColor { get; set; }

        /// <inheritdoc />
        public override ConsoleColor BackgroundColor { get; set; }

        /// <inheritdoc />
        public override Coordinates CursorPosition
        {
            get => _cursorPosition;
            set => _cursorPosition = value;
        }

        /// <inheritdoc />
        public override Coordinates WindowPosition
        {
            get => _windowPosition;
            set => _windowPosition = value;
        }

        /// <inheritdoc />
        public override int CursorSize { get; set; }

        /// <summary>The width formatting uses for tables and lists; the height is nominal.</summary>
        public override Size BufferSize
        {
            get => new Size(_width, BufferHeight);
            set { }
        }

        /// <inheritdoc />
        public override Size WindowSize
        {
            get => new Size(_width, WindowHeight);
            set { }
        }

        /// <inheritdoc />
        public override Size MaxWindowSize => new Size(_width, WindowHeight);

        /// <inheritdoc />
        public override Size MaxPhysicalWindowSize => new Size(_width, WindowHeight);

        /// <summary>Always false: the host reads no keys.</summary>
        public override bool KeyAvailable => false;

        /// <inheritdoc />
        public override string WindowTitle { get; set; }

        /// <summary>The width to use: the terminal's when the output is one, else 120 columns.</summary>
        public static int DetectWidth()
        {
            const int Redirected = 120;
            if (Console.IsOutputRedirected)
            {
                return Redirected;
            }
            try
            {
                int width = Console.WindowWidth;
                return width > 0 ? width : Redirected;
            }
            catch (System.IO.IOException)
            {
                return Redirected;
            }
        }

        /// <summary>Fails: the host is non-interactive.</summary>
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NonInteractiveHostException("Reading a key");

        /// <summary>Nothing to flush: the host reads no input.</summary>
        public override void FlushInputBuffer()
        {
        }

        /// <summary>Not supported: the output is a stream, not a screen buffer.</summary>
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) =>
            throw new NotSupportedException("ListingPs.Host writes to a stream and has no screen buffer to read.");

        /// <summary>Not supported: the output is a stream, not a screen buffer.</summary>
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) =>
            throw new NotSupportedException("ListingPs.Host writes to a stream and has no screen buffer to write.");

        /// <summary>Not supported: the output is a stream, not a screen buffer.</summary>
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) =>
            throw new NotSupportedException("ListingPs.Host writes to a stream and has no screen buffer to write.");

        /// <summary>Not supported: the output is a stream, not a screen buffer.</summary>
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) =>
            throw new NotSupportedException("ListingPs.Host writes to a stream and has no screen buffer to scroll.");
    }
}
