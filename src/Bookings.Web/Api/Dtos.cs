namespace Bookings.Web.Api;

public sealed record StaffDto(string Id, string Name);

public sealed record ServiceDto(
    string Id, string Name, string? Description, string Duration, string Price, int Seats,
    bool AllowStaffSelection, IReadOnlyList<StaffDto> Staff);

public sealed record CalendarDto(
    string Id, string Slug, string DisplayName, string TimeZone, bool AllowStaffSelection,
    IReadOnlyList<ServiceDto> Services, IReadOnlyList<StaffDto> Staff);

public sealed record SlotDto(string Start, string End, int SeatsLeft, IReadOnlyList<string>? StaffIds);

public sealed record AvailabilityDto(string TimeZone, string From, string To, IReadOnlyList<SlotDto> Slots);

public sealed record BookingCreatedDto(string Id, string Start, string End, string StaffId, string ManageUrl);

/// <summary>
/// A booking behind a manage link. IsCustomerAllowedToManageBooking: whether its service lets the customer change or cancel it
/// online at all (else: contact the business, Calendar.Phone and Calendar.Email); CanCancel and CanReschedule: whether they can now.
/// </summary>
public sealed record ManageDto(
    string Id, string Status, string Start, string End, string TimeZone,
    StaffDto Service, StaffDto Staff, CalendarRefDto Calendar, CustomerDto Customer, bool IsCustomerAllowedToManageBooking,
    bool CanCancel, bool CanReschedule, string? JoinUrl);

public sealed record CalendarRefDto(string Slug, string DisplayName, string? Phone = null, string? Email = null);

public sealed record CustomerDto(string Name, string? Email, string? Phone);
