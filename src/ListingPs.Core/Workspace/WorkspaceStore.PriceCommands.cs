using System.Data.Common;
using System.Collections.Generic;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// Allegro commands under way (price changes, price-automation assignments): each is recorded (in the meta table, key
    /// "allegro.command.{id}") before it is sent and forgotten once its tasks are read to the end, so a run that was stopped
    /// in between is finished by the next one instead of sending the same offers again.
    /// </summary>
    public sealed partial class WorkspaceStore
    {
        private const string CommandPrefix = "allegro.command.";

        /// <summary>Records a command before it is sent (its kind, market and offers as the caller writes them), committed at once.</summary>
        public void PutPendingCommand(string commandId, string description)
        {
            BeginWrite();
            using (var cmd = NewCommand(Upsert("meta", "key, value", "key", "@k, @v")))
            {
                cmd.Parameters.AddWithValue("@k", CommandPrefix + commandId);
                cmd.Parameters.AddWithValue("@v", description);
                cmd.ExecuteNonQuery();
            }
            RecordWritten();
            Commit();
        }

        /// <summary>Forgets a command whose tasks were read to the end.</summary>
        public void RemovePendingCommand(string commandId)
        {
            BeginWrite();
            using (var cmd = NewCommand("DELETE FROM meta WHERE key = @k"))
            {
                cmd.Parameters.AddWithValue("@k", CommandPrefix + commandId);
                cmd.ExecuteNonQuery();
            }
            RecordWritten();
            Commit();
        }

        /// <summary>The commands recorded and not yet read to the end: id and description.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> PendingCommands()
        {
            var list = new List<KeyValuePair<string, string>>();
            using (var cmd = NewCommand("SELECT key, value FROM meta WHERE key >= @from AND key < @to ORDER BY key"))
            {
                cmd.Parameters.AddWithValue("@from", CommandPrefix);
                cmd.Parameters.AddWithValue("@to", CommandPrefix.Substring(0, CommandPrefix.Length - 1) + "/");
                using var r = cmd.ExecuteReader();
                while (r.Read()) list.Add(new KeyValuePair<string, string>(r.GetString(0).Substring(CommandPrefix.Length), r.GetString(1)));
            }
            return list;
        }
    }
}
