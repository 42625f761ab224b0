using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ListingPs.Core.Allegro
{
    /// <summary>A connected account as stored: who, where, and the tokens (which never leave this class's file).</summary>
    internal sealed class StoredAccount
    {
        public AllegroEnvironment Environment { get; set; }
        public string ApiAddress { get; set; } = "";
        public string AuthAddress { get; set; } = "";
        public string ClientId { get; set; } = "";
        public string UserId { get; set; } = "";
        public string Login { get; set; } = "";
        public string BaseMarketplace { get; set; } = "";
        public DateTimeOffset ConnectedAt { get; set; }
        public string AccessToken { get; set; } = "";
        public string RefreshToken { get; set; } = "";
        public DateTimeOffset ExpiresAt { get; set; }

        public AllegroAccount ToAccount() => new AllegroAccount
        {
            Environment = Environment, Login = Login, UserId = UserId, BaseMarketplace = BaseMarketplace,
            ApiAddress = ApiAddress, ClientId = ClientId, ConnectedAt = ConnectedAt, TokenExpiresAt = ExpiresAt,
        };
    }

    /// <summary>Who ListingPs is connected to Allegro as, in one environment (no token: those stay in the store).</summary>
    public sealed class AllegroAccount
    {
        public AllegroEnvironment Environment { get; set; }
        public string Login { get; set; } = "";
        public string UserId { get; set; } = "";
        public string BaseMarketplace { get; set; } = "";
        public string ApiAddress { get; set; } = "";
        public string ClientId { get; set; } = "";
        public DateTimeOffset ConnectedAt { get; set; }
        /// <summary>When the current access token runs out; ListingPs renews it with the refresh token before then.</summary>
        public DateTimeOffset TokenExpiresAt { get; set; }
    }

    /// <summary>
    /// One file per environment (production.json, sandbox.json) in the user's token folder, readable and writable by the
    /// owner only (mode 0600 in a 0700 folder on Linux and macOS), written whole to a temporary file and renamed over the old
    /// one, so a crash leaves the old tokens or the new ones. Windows is not claimed: the file would rely on the profile
    /// folder's permissions there, and no test here can show DPAPI protection.
    /// </summary>
    internal sealed class AllegroTokenStore
    {
        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            WriteIndented = true,
            Converters = { new JsonStringEnumConverter() },
        };

        public AllegroTokenStore(string folder) { Folder = folder; }

        public string Folder { get; }

        public string FileOf(AllegroEnvironment environment) => Path.Combine(Folder, environment.ToString().ToLowerInvariant() + ".json");

        public StoredAccount? Read(AllegroEnvironment environment)
        {
            var file = FileOf(environment);
            if (!File.Exists(file)) return null;
            try
            {
                return JsonSerializer.Deserialize<StoredAccount>(File.ReadAllText(file), Json);
            }
            catch (JsonException ex)
            {
                throw new ListingPsException(AllegroErrorIds.AllegroTokenStoreFailed,
                    "The stored Allegro connection '" + file + "' cannot be read (" + ex.Message.Split('\n')[0] + "): connect again with Connect-AllegroAccount.",
                    ErrorKind.InvalidData, ex);
            }
            catch (IOException ex) { throw StoreFailed(file, ex); }
            catch (UnauthorizedAccessException ex) { throw StoreFailed(file, ex); }
        }

        public void Write(StoredAccount account)
        {
            var file = FileOf(account.Environment);
            var temp = file + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            try
            {
                CreateFolder();
                var bytes = JsonSerializer.SerializeToUtf8Bytes(account, Json);
#if NET8_0_OR_GREATER
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using (var stream = new FileStream(temp, options))
#else
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
#endif
                {
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(true);
                }
#if NET8_0_OR_GREATER
                File.Move(temp, file, overwrite: true);
#else
                if (File.Exists(file)) File.Replace(temp, file, null); else File.Move(temp, file);
#endif
            }
            catch (IOException ex) { TryDelete(temp); throw StoreFailed(file, ex); }
            catch (UnauthorizedAccessException ex) { TryDelete(temp); throw StoreFailed(file, ex); }
        }

        /// <summary>Forgets the environment's connection; false when there was none.</summary>
        public bool Delete(AllegroEnvironment environment)
        {
            var file = FileOf(environment);
            if (!File.Exists(file)) return false;
            try { File.Delete(file); return true; }
            catch (IOException ex) { throw StoreFailed(file, ex); }
            catch (UnauthorizedAccessException ex) { throw StoreFailed(file, ex); }
        }

        private void CreateFolder()
        {
#if NET8_0_OR_GREATER
            if (!OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                return;
            }
#endif
            Directory.CreateDirectory(Folder);
        }

        private static void TryDelete(string file)
        {
            try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        private static ListingPsException StoreFailed(string file, Exception ex) =>
            new ListingPsException(AllegroErrorIds.AllegroTokenStoreFailed,
                "The Allegro connection cannot be stored in or read from '" + file + "': " + ex.Message, ErrorKind.WriteError, ex);
    }
}
