using System;
using ListingPs.Core.Model;
using static ListingPs.Core.Workspace.WorkspaceStore;

namespace ListingPs.Core.Workspace
{
    /// <summary>The seller_profile row, through the session's statements and transaction (<see cref="WorkspaceStore.SellerProfile"/>).</summary>
    internal sealed class SellerProfileStore : ISellerProfileStore
    {
        private readonly WorkspaceStore _ws;

        internal SellerProfileStore(WorkspaceStore session) { _ws = session; }

        public SellerProfile Get()
        {
            var cmd = _ws.CachedCommand("profile.get", "SELECT seller_name, linked_regions, updated_at FROM seller_profile WHERE id = 1");
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return new SellerProfile();
            return new SellerProfile { SellerName = ReadStr(r, 0), LinkedRegions = SplitStored(r.GetString(1)), UpdatedAt = ReadStamp(r, 2) };
        }

        public void Save(SellerProfile profile)
        {
            _ws.BeginWrite();
            var cmd = _ws.CachedCommand("profile.set",
                Upsert("seller_profile", "id, seller_name, linked_regions, updated_at", "id", "1, @n, @r, @at"), "@n", "@r", "@at");
            cmd.Parameters[0].Value = OrNull(profile.SellerName);
            cmd.Parameters[1].Value = string.Join(";", profile.LinkedRegions);
            cmd.Parameters[2].Value = Stamp(profile.UpdatedAt ?? DateTimeOffset.UtcNow);
            cmd.ExecuteNonQuery();
            _ws.RecordWritten();
        }
    }
}
