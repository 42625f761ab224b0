using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace ListingPs.Commands.Infrastructure
{
    /// <summary>
    /// Loads the module's dependencies (net8.0/dependencies: the engine, YamlDotNet, SQLite, logging, CsvHelper) into a load
    /// context of the module's own, the way PSResourceGet does: another module's YamlDotNet or SQLite in the same session
    /// never clashes with ours, whichever is imported first. An assembly that is not in that folder (PowerShell's own,
    /// Json.NET among them) comes from the default context. On removal, open workspaces are committed and closed.
    /// </summary>
    public sealed class ModuleInitAndCleanup : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        internal static readonly string DependencyDirectory =
            Path.Combine(Path.GetDirectoryName(typeof(ModuleInitAndCleanup).Assembly.Location) ?? ".", "dependencies");

        private static readonly DependencyLoadContext Dependencies = new DependencyLoadContext(DependencyDirectory);

        private static int _registered;

        /// <summary>
        /// Hooks the resolver up. ListingPs.psm1 calls this before Import-Module of the cmdlet assembly, because PowerShell
        /// reads the cmdlets' parameter types (engine types) before it runs <see cref="OnImport"/>. Safe to call twice.
        /// </summary>
        public static void Register()
        {
            if (System.Threading.Interlocked.Exchange(ref _registered, 1) == 0) AssemblyLoadContext.Default.Resolving += ResolveDependency;
        }

        public void OnImport() => Register();

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            WorkspaceRegistry.CloseAll();
            if (System.Threading.Interlocked.Exchange(ref _registered, 0) == 1) AssemblyLoadContext.Default.Resolving -= ResolveDependency;
        }

        /// <summary>
        /// Called when the default context cannot find an assembly: the module's cmdlets ask for the engine and logging
        /// this way (they are not next to the cmdlet assembly), and get them from the module's own context.
        /// </summary>
        private static Assembly? ResolveDependency(AssemblyLoadContext defaultContext, AssemblyName name) =>
            Dependencies.Has(name) ? Dependencies.LoadFromAssemblyName(name) : null;

        internal sealed class DependencyLoadContext : AssemblyLoadContext
        {
            private readonly string _directory;

            public DependencyLoadContext(string directory) : base("ListingPs.Dependencies", isCollectible: false)
            {
                _directory = directory;
            }

            public bool Has(AssemblyName name) => name.Name != null && File.Exists(PathOf(name));

            private string PathOf(AssemblyName name) => Path.Combine(_directory, name.Name + ".dll");

            /// <summary>The module's copy when it has one; otherwise null, so the default context supplies it.</summary>
            protected override Assembly? Load(AssemblyName assemblyName) =>
                Has(assemblyName) ? LoadFromAssemblyPath(PathOf(assemblyName)) : null;
        }
    }
}
