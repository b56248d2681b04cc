namespace Bookings.GraphEmulation.OData;

/// <summary>
/// The properties of each emulated resource type, from its resource page (api-reference/v1.0/resources/event.md,
/// message.md, contact.md, mailfolder.md, contactfolder.md, calendar.md). A $select or $filter that names anything else
/// is refused as Graph refuses it: 400 "Could not find a property named 'x' on type 'microsoft.graph.y'".
/// </summary>
internal static class Schemas
{
    public static readonly IReadOnlySet<string> Event = Set(
        "allowNewTimeProposals", "attendees", "body", "bodyPreview", "categories", "changeKey", "createdDateTime", "end",
        "hasAttachments", "hideAttendees", "iCalUId", "id", "importance", "isAllDay", "isCancelled", "isDraft", "isOnlineMeeting",
        "isOrganizer", "isReminderOn", "lastModifiedDateTime", "location", "locations", "onlineMeeting", "onlineMeetingProvider",
        "onlineMeetingUrl", "organizer", "originalEndTimeZone", "originalStart", "originalStartTimeZone", "recurrence",
        "reminderMinutesBeforeStart", "responseRequested", "responseStatus", "sensitivity", "seriesMasterId", "showAs", "start",
        "subject", "transactionId", "type", "webLink");

    public static readonly IReadOnlySet<string> Message = Set(
        "bccRecipients", "body", "bodyPreview", "categories", "ccRecipients", "changeKey", "conversationId", "conversationIndex",
        "createdDateTime", "flag", "from", "hasAttachments", "id", "importance", "inferenceClassification", "internetMessageHeaders",
        "internetMessageId", "isDeliveryReceiptRequested", "isDraft", "isRead", "isReadReceiptRequested", "lastModifiedDateTime",
        "parentFolderId", "receivedDateTime", "replyTo", "sender", "sentDateTime", "subject", "toRecipients", "uniqueBody", "webLink");

    public static readonly IReadOnlySet<string> Contact = Set(
        "assistantName", "birthday", "businessAddress", "businessHomePage", "businessPhones", "categories", "changeKey", "children",
        "companyName", "createdDateTime", "department", "displayName", "emailAddresses", "fileAs", "generation", "givenName",
        "homeAddress", "homePhones", "id", "imAddresses", "initials", "jobTitle", "lastModifiedDateTime", "manager", "middleName",
        "mobilePhone", "nickName", "officeLocation", "otherAddress", "parentFolderId", "personalNotes", "profession", "spouseName",
        "surname", "title", "yomiCompanyName", "yomiGivenName", "yomiSurname");

    public static readonly IReadOnlySet<string> MailFolder = Set(
        "childFolderCount", "displayName", "id", "isHidden", "parentFolderId", "totalItemCount", "unreadItemCount");

    public static readonly IReadOnlySet<string> ContactFolder = Set("displayName", "id", "parentFolderId");

    public static readonly IReadOnlySet<string> Calendar = Set(
        "allowedOnlineMeetingProviders", "canEdit", "canShare", "canViewPrivateItems", "changeKey", "color",
        "defaultOnlineMeetingProvider", "hexColor", "id", "isDefaultCalendar", "isRemovable", "isTallyingResponses", "name", "owner");

    /// <summary>Relationships that $expand and lambdas may name on Outlook items.</summary>
    public static readonly IReadOnlySet<string> Navigation = Set(
        "singleValueExtendedProperties", "multiValueExtendedProperties", "attachments", "extensions", "calendar", "instances");

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.OrdinalIgnoreCase);

    public static GraphError UnknownProperty(string name, string type) =>
        new(400, "BadRequest", $"Could not find a property named '{name}' on type 'microsoft.graph.{type}'.");
}
