using System;

namespace ListingPs.Core
{
    /// <summary>What the engine throws for a problem the user can fix; <see cref="ErrorId"/> is stable and becomes the ErrorRecord's FullyQualifiedErrorId.</summary>
    public class ListingPsException : Exception
    {
        public ListingPsException(string errorId, string message, ErrorKind kind = ErrorKind.InvalidData, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId; Kind = kind;
        }
        public string ErrorId { get; }
        public ErrorKind Kind { get; }
    }

    /// <summary>Engine-side error categories; the cmdlets map them onto PowerShell's ErrorCategory.</summary>
    public enum ErrorKind { InvalidData, InvalidArgument, ObjectNotFound, InvalidOperation, ResourceUnavailable, SecurityError, NotSpecified, WriteError, PermissionDenied }

    /// <summary>Stable error ids (FullyQualifiedErrorId prefixes).</summary>
    public static class ErrorIds
    {
        public const string UnknownMarket = "UnknownMarket";
        public const string UnknownCurrency = "UnknownCurrency";
        public const string NoExchangeRate = "NoExchangeRate";
        public const string RuleFileInvalid = "RuleFileInvalid";
        public const string RulePathNotFound = "RulePathNotFound";
        public const string InvalidOfferField = "InvalidOfferField";
        public const string MissingOfferId = "MissingOfferId";
        // Input limits (OfferLimits): each names the record and the field.
        public const string InvalidOfferId = "InvalidOfferId";
        public const string OfferFieldTooLong = "OfferFieldTooLong";
        public const string OfferFieldControlCharacter = "OfferFieldControlCharacter";
        public const string PriceOutOfRange = "PriceOutOfRange";
        public const string OfferNotFound = "OfferNotFound";
        public const string OfferNotShared = "OfferNotShared";
        public const string BaseMarketFixed = "BaseMarketFixed";
        public const string NotAnAdditionalMarket = "NotAnAdditionalMarket";
        public const string InvalidPricePrecision = "InvalidPricePrecision";
        public const string InvalidPrice = "InvalidPrice";
        public const string NoBasePrice = "NoBasePrice";
        public const string WorkspaceUnavailable = "WorkspaceUnavailable";
        public const string InputFileInvalid = "InputFileInvalid";
        // The workspace file (see Workspace.Open and Workspace.WriteFailed).
        public const string WorkspaceDamaged = "WorkspaceDamaged";
        public const string WorkspaceForeign = "WorkspaceForeign";
        public const string WorkspaceTooNew = "WorkspaceTooNew";
        public const string WorkspaceFull = "WorkspaceFull";
        public const string WorkspaceReadOnly = "WorkspaceReadOnly";
        public const string WorkspaceWriteFailed = "WorkspaceWriteFailed";
        // Copy-Workspace: a target that is not new (or another source's unfinished copy), and counts that differ at the end.
        public const string WorkspaceCopyRefused = "WorkspaceCopyRefused";
        public const string WorkspaceCopyMismatch = "WorkspaceCopyMismatch";
        // Market connections.
        public const string ObligationsNotAccepted = "ObligationsNotAccepted";
        public const string SourceIsTarget = "SourceIsTarget";
        public const string TargetHasSource = "TargetHasSource";
        public const string SecondSourceSameRegion = "SecondSourceSameRegion";
        public const string RegionNotLinked = "RegionNotLinked";
        public const string SourceAlreadyConnected = "SourceAlreadyConnected";
        public const string InvalidConnectionMarket = "InvalidConnectionMarket";
        public const string InvalidPricingRule = "InvalidPricingRule";
        public const string ConnectionNotFound = "ConnectionNotFound";
        public const string UnknownRegion = "UnknownRegion";
        public const string OfferNotConnected = "OfferNotConnected";
        // A job (a connection's sync) another worker is running now on the same workspace.
        public const string JobInProgress = "JobInProgress";
    }
}
