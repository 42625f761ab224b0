using System;
using System.IO;

namespace ListingPs.Host.Tests
{
    /// <summary>A temp folder (outside the repository) holding the scripts of one test; deleted on dispose.</summary>
    public sealed class ScriptFolder : IDisposable
    {
        /// <summary>Creates an empty folder.</summary>
        public ScriptFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "listingps-host-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        /// <summary>The folder's full path.</summary>
        public string Path { get; }

        /// <summary>Writes a script file and returns its full path.</summary>
        public string Write(string name, string text)
        {
            string file = System.IO.Path.Combine(Path, name);
            File.WriteAllText(file, text.Replace("\r\n", "\n"));
            return file;
        }

        /// <summary>Deletes the folder.</summary>
        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A child process still holding a file: the temp folder is cleaned up later anyway.
            }
        }
    }
}
