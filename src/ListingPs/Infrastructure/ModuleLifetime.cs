using System.Management.Automation;

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>Closes open workspaces (committing what they hold) when the module is removed.</summary>
    public sealed class ModuleLifetime : IModuleAssemblyCleanup
    {
        public void OnRemove(PSModuleInfo psModuleInfo) => WorkspaceRegistry.CloseAll();
    }
}
