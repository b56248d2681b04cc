using System.Text.Json.Serialization;

namespace Bookings.Core.Calendars;

// The calendar document: one JSON document per calendar, property names after the Microsoft Graph
// Bookings resources (bookingBusiness, bookingService, bookingStaffMember, ...). Our own additions
// (slug, caps, icsFeedUrl, frameAncestors, customerEmailRequired) carry plain names.
// A JSON null for a list, a nested object or a non-nullable string reads as the empty value (an
// explicit null time zone as "", which validation refuses), so no code meets a null it did not expect.
public sealed class CalendarDocument
{
    public int SchemaVersion { get; set; } = 1;

    /// <summary>The scheduling mailbox address, e.g. contoso@bookings.local.</summary>
    public string? Id { get; set; }
    public string Slug { get; set => field = value ?? ""; } = "";
    public string DisplayName { get; set => field = value ?? ""; } = "";
    public string? BusinessType { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? WebSiteUrl { get; set; }
    public PhysicalAddress? Address { get; set; }
    public string DefaultCurrencyIso { get; set => field = value ?? "USD"; } = "USD";
    public string LanguageTag { get; set => field = value ?? "en-US"; } = "en-US";
    public bool IsPublished { get; set; } = true;

    public List<BookingWorkHours> BusinessHours { get; set => field = value ?? []; } = [];
    public BookingSchedulingPolicy SchedulingPolicy { get; set => field = value ?? new(); } = new();
    public BookingPageSettings BookingPageSettings { get; set => field = value ?? new(); } = new();
    public List<BookingService> Services { get; set => field = value ?? []; } = [];
    public List<BookingStaffMember> StaffMembers { get; set => field = value ?? []; } = [];
    public List<BookingCustomQuestion> CustomQuestions { get; set => field = value ?? []; } = [];

    /// <summary>Our addition: per-calendar overrides of the message templates (validated when the document is saved).</summary>
    public List<NotificationTemplate> NotificationTemplates { get; set => field = value ?? []; } = [];

    /// <summary>Our addition: ISO 3166 regions (PL, GB…) whose phone numbers may receive SMS; empty: SMS goes nowhere.</summary>
    public List<string> SmsAllowedRegions { get; set => field = value ?? []; } = [];

    [JsonIgnore]
    public string BusinessTimeZone => BookingPageSettings.BusinessTimeZone;

    public BookingService? FindService(string id) => Services.FirstOrDefault(s => s.Id == id);
    public BookingStaffMember? FindStaff(string id) => StaffMembers.FirstOrDefault(s => s.Id == id);
}

public sealed class PhysicalAddress
{
    public string? Street { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? CountryOrRegion { get; set; }
    public string? PostalCode { get; set; }
}

public sealed class BookingWorkHours
{
    public DayOfWeek Day { get; set; }
    public List<BookingWorkTimeSlot> TimeSlots { get; set => field = value ?? []; } = [];
}

public sealed class BookingWorkTimeSlot
{
    /// <summary>Time of day; 24:00:00 (one day) means midnight at the end of the day.</summary>
    [JsonConverter(typeof(TimeOfDayConverter))]
    public TimeSpan StartTime { get; set; }

    [JsonConverter(typeof(TimeOfDayConverter))]
    public TimeSpan EndTime { get; set; }
}

public sealed class BookingSchedulingPolicy
{
    [JsonConverter(typeof(IsoDurationConverter))]
    public TimeSpan TimeSlotInterval { get; set; } = TimeSpan.FromMinutes(30);

    [JsonConverter(typeof(IsoDurationConverter))]
    public TimeSpan MinimumLeadTime { get; set; } = TimeSpan.FromHours(1);

    [JsonConverter(typeof(IsoDurationConverter))]
    public TimeSpan MaximumAdvance { get; set; } = TimeSpan.FromDays(365);

    public bool SendConfirmationsToOwner { get; set; }
    public bool AllowStaffSelection { get; set; } = true;
    public bool IsMeetingInviteToCustomersEnabled { get; set; }
}

public enum AccessControl { Unrestricted, RestrictedToOrganization }

public sealed class BookingPageSettings
{
    public AccessControl AccessControl { get; set; } = AccessControl.Unrestricted;
    public string? BookingPageColorCode { get; set; }
    public string BusinessTimeZone { get; set => field = value ?? ""; } = "UTC";
    public string? CustomerConsentMessage { get; set; }
    public bool IsCustomerConsentEnabled { get; set; }
    public bool IsSearchEngineIndexabilityDisabled { get; set; }
    public bool IsTimeSlotTimeZoneSetToBusinessTimeZone { get; set; }
    public string? PrivacyPolicyWebUrl { get; set; }
    public string? TermsAndConditionsWebUrl { get; set; }

    /// <summary>Origins allowed to embed the booking page in an iframe (CSP frame-ancestors). Default: none.</summary>
    public List<string> FrameAncestors { get; set => field = value ?? []; } = [];
}

public enum PriceType { Undefined, FixedPrice, StartingAt, Hourly, Free, PriceVaries, CallUs, NotSet }

public sealed class BookingService
{
    public string Id { get; set => field = value ?? ""; } = "";
    public string DisplayName { get; set => field = value ?? ""; } = "";
    public string? Description { get; set; }
    public string? Notes { get; set; }

    [JsonConverter(typeof(IsoDurationConverter))]
    public TimeSpan DefaultDuration { get; set; } = TimeSpan.FromMinutes(30);

    public decimal DefaultPrice { get; set; }
    public PriceType DefaultPriceType { get; set; } = PriceType.NotSet;

    [JsonConverter(typeof(IsoDurationConverter))]
    public TimeSpan PreBuffer { get; set; }

    [JsonConverter(typeof(IsoDurationConverter))]
    public TimeSpan PostBuffer { get; set; }

    /// <summary>Seats: 1 for an individual service, more for a group service.</summary>
    public int MaximumAttendeesCount { get; set; } = 1;
    public bool IsHiddenFromCustomers { get; set; }
    public bool IsLocationOnline { get; set; }
    public bool SmsNotificationsEnabled { get; set; }
    public bool IsCustomerAllowedToManageBooking { get; set; } = true;

    /// <summary>Staff who perform the service; empty means every staff member.</summary>
    public List<string> StaffMemberIds { get; set => field = value ?? []; } = [];

    /// <summary>The service's own policy; null means the calendar's.</summary>
    public BookingSchedulingPolicy? SchedulingPolicy { get; set; }
    public List<BookingQuestionAssignment> CustomQuestions { get; set => field = value ?? []; } = [];

    /// <summary>Whether the customer must give an email address (Microsoft Bookings' default: yes).</summary>
    public bool CustomerEmailRequired { get; set; } = true;

    /// <summary>Reminders before an appointment (Graph's bookingService.reminders): offset before the start, recipients, message.</summary>
    public List<BookingReminder> Reminders { get; set => field = value ?? []; } = [];

    /// <summary>Our addition: a message to the customer some time after the appointment ends (thanks, a survey link); null: none.</summary>
    public BookingFollowUp? FollowUp { get; set; }

    /// <summary>
    /// Our addition, for online services on the embedded store (Microsoft 365 makes a Teams meeting): the meeting link,
    /// fixed (a Zoom room) or with <c>{appointmentId}</c> replaced per appointment (https://meet.jit.si/contoso-{appointmentId}).
    /// </summary>
    public string? OnlineMeetingUrlTemplate { get; set; }

    [JsonIgnore]
    public bool IsGroup => MaximumAttendeesCount > 1;
}

public enum BookingReminderRecipients { AllAttendees, Staff, Customer }

public sealed class BookingReminder
{
    /// <summary>How long before the appointment's start the reminder goes out.</summary>
    [JsonConverter(typeof(IsoDurationConverter))]
    public TimeSpan Offset { get; set; } = TimeSpan.FromDays(1);

    public BookingReminderRecipients Recipients { get; set; } = BookingReminderRecipients.AllAttendees;

    /// <summary>The admin's own words, put into the reminder (plain text).</summary>
    public string? Message { get; set; }
}

public sealed class BookingFollowUp
{
    /// <summary>How long after the appointment's end the follow-up goes out.</summary>
    [JsonConverter(typeof(IsoDurationConverter))]
    public TimeSpan Offset { get; set; } = TimeSpan.FromDays(1);

    public string? Message { get; set; }
}

/// <summary>A calendar's own wording for one kind of message in one language; what it leaves out comes from the defaults.</summary>
public sealed class NotificationTemplate
{
    /// <summary>A notification kind (NotificationKinds), e.g. booking.customer.</summary>
    public string Kind { get; set => field = value ?? ""; } = "";

    /// <summary>en or pl.</summary>
    public string Language { get; set => field = value ?? ""; } = "";

    /// <summary>Scriban templates; null: the default.</summary>
    public string? Subject { get; set; }
    public string? Html { get; set; }
    public string? Text { get; set; }
}

public sealed class BookingQuestionAssignment
{
    public string QuestionId { get; set => field = value ?? ""; } = "";
    public bool IsRequired { get; set; }
}

public enum AnswerInputType { Text, RadioButton }

public sealed class BookingCustomQuestion
{
    public string Id { get; set => field = value ?? ""; } = "";
    public string DisplayName { get; set => field = value ?? ""; } = "";
    public AnswerInputType AnswerInputType { get; set; } = AnswerInputType.Text;
    public List<string> AnswerOptions { get; set => field = value ?? []; } = [];
}

public enum StaffRole { Administrator, Scheduler, TeamMember, Viewer, Guest, ExternalGuest }

public enum MembershipStatus { Active, PendingAcceptance, Rejected }

public sealed class BookingStaffMember
{
    public string Id { get; set => field = value ?? ""; } = "";
    public string DisplayName { get; set => field = value ?? ""; } = "";
    public string? EmailAddress { get; set; }
    public StaffRole Role { get; set; } = StaffRole.TeamMember;

    /// <summary>IANA zone the staff member's own working hours are written in; null: the business's.</summary>
    public string? TimeZone { get; set; }
    public bool UseBusinessHours { get; set; } = true;
    public List<BookingWorkHours> WorkingHours { get; set => field = value ?? []; } = [];
    public bool IsEmailNotificationEnabled { get; set; } = true;
    public MembershipStatus MembershipStatus { get; set; } = MembershipStatus.Active;
    public bool AvailabilityIsAffectedByPersonalCalendar { get; set; } = true;

    public int? MaxBookingsPerDay { get; set; }
    public int? MaxBookingsPerWeek { get; set; }

    /// <summary>A published calendar (ICS) whose busy times block this staff member. A secret: left out of exports.</summary>
    public string? IcsFeedUrl { get; set; }

    /// <summary>Our addition: the hash of the open invitation's token (accept/decline links); null when none is open.</summary>
    public string? InvitationTokenHash { get; set; }

    /// <summary>When the open invitation was sent.</summary>
    public DateTimeOffset? InvitedAt { get; set; }

    [JsonIgnore]
    public bool IsBookable => MembershipStatus == MembershipStatus.Active && Role != StaffRole.Viewer;
}
