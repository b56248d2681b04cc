<#
.SYNOPSIS
Scopes the Bookings app to the scheduling mailboxes in Exchange Online.

.DESCRIPTION
Run it in PowerShell 7 with the ExchangeOnlineManagement module, signed in as a member of the
Organization Management role group (Exchange Administrator in Entra ID), after infra/entra-app.sh.

-Mode Rbac (default, recommended): Role Based Access Control for Applications. Exchange Online
grants the app "Application Calendars.ReadWrite", "Application Mail.ReadWrite",
"Application Mail.Send" and "Application Contacts.ReadWrite", each limited by a management scope
to the mailboxes that match a recipient filter. The app must hold none of these permissions
tenant-wide in Entra ID (entra-app.sh --mode rbac, the default): Entra and Exchange grants add up.

  1. New-ServicePrincipal        a pointer to the app's Entra service principal
  2. Set-Mailbox -CustomAttributeN   tags the calendars' mailboxes (-Mailboxes)
  3. New-ManagementScope         -RecipientRestrictionFilter "CustomAttribute15 -eq 'Bookings'"
  4. New-ManagementRoleAssignment -App ... -Role "Application ..." -CustomResourceScope ...
  5. Test-ServicePrincipalAuthorization   InScope True for a calendar, False for anyone else

-Mode AccessPolicy (legacy): an application access policy (New-ApplicationAccessPolicy
-AccessRight RestrictAccess) restricts the tenant-wide Graph permissions the app was consented in
Entra ID (entra-app.sh --mode access-policy) to the members of a mail-enabled security group.
Microsoft replaces application access policies with RBAC for Applications and asks not to create
new ones; use this only where RBAC for Applications is not an option.

Safe to run again: what exists is reused, what is missing is added. Exchange Online caches
permissions, so allow some time before the app sees a change.

.PARAMETER AppId
Application (client) ID of the app registration (GRAPH_CLIENT_ID from entra-app.sh).

.PARAMETER ServicePrincipalObjectId
Object ID of the app's service principal, the enterprise application, not the app registration
(SERVICE_PRINCIPAL_OBJECT_ID from entra-app.sh).

.PARAMETER Mailboxes
Scheduling mailboxes (or adopted shared mailboxes) to put in scope, by address. Rbac: tagged with
-TagAttribute = -TagValue. AccessPolicy: added to the security group. Run again with new
calendars' mailboxes as they are created.

.PARAMETER RecipientFilter
Rbac: the management scope's filter. Default: "<TagAttribute> -eq '<TagValue>'", which covers
exactly the tagged mailboxes. "RecipientTypeDetails -eq 'SchedulingMailbox'" covers every Bookings
mailbox of the tenant, including calendars made in Microsoft Bookings by others, with no tagging,
but not adopted shared mailboxes (RecipientTypeDetails SharedMailbox).

.PARAMETER StaffRecipientFilter
Rbac, optional: also grant "Application Calendars.Read" on the staff mailboxes that match this
filter (e.g. "CustomAttribute14 -eq 'BookingsStaff'"). Not needed for free/busy through
getSchedule called on a scheduling mailbox; see infra/entra-app.md before adding it.

.PARAMETER TestMailbox
A mailbox that should be in scope: the script shows what the app may do there.

.PARAMETER OutOfScopeMailbox
A mailbox that must stay out of scope (any user's): the script shows the app may do nothing there.

.EXAMPLE
./infra/exchange-scope.ps1 -AppId 11111111-1111-1111-1111-111111111111 -ServicePrincipalObjectId 22222222-2222-2222-2222-222222222222 -Mailboxes frontdesk@contoso.com -TestMailbox frontdesk@contoso.com -OutOfScopeMailbox ceo@contoso.com

.EXAMPLE
./infra/exchange-scope.ps1 -Mode AccessPolicy -AppId 11111111-1111-1111-1111-111111111111 -Mailboxes frontdesk@contoso.com -TestMailbox frontdesk@contoso.com -OutOfScopeMailbox ceo@contoso.com

.LINK
https://learn.microsoft.com/exchange/permissions-exo/application-rbac

.LINK
https://learn.microsoft.com/graph/auth-limit-mailbox-access
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [ValidatePattern('^[0-9a-fA-F-]{36}$')]
    [string] $AppId,

    [ValidatePattern('^[0-9a-fA-F-]{36}$')]
    [string] $ServicePrincipalObjectId,

    [ValidateSet('Rbac', 'AccessPolicy')]
    [string] $Mode = 'Rbac',

    [string] $DisplayName = 'Bookings',

    [string[]] $Mailboxes = @(),

    [ValidatePattern('^CustomAttribute([1-9]|1[0-5])$')]
    [string] $TagAttribute = 'CustomAttribute15',

    [string] $TagValue = 'Bookings',

    [string] $RecipientFilter,

    [string] $ScopeName = 'Bookings scheduling mailboxes',

    [string] $StaffRecipientFilter,

    [string] $StaffScopeName = 'Bookings staff mailboxes',

    [string] $GroupName = 'Bookings scheduling mailboxes',

    [string] $GroupAlias = 'bookings-scheduling-mailboxes',

    [string] $TestMailbox,

    [string] $OutOfScopeMailbox,

    # Already connected (Connect-ExchangeOnline): do not connect again.
    [switch] $SkipConnect
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# What the store does in a scheduling mailbox, one Exchange application role each (entra-app.md).
$mailboxRoles = @(
    'Application Calendars.ReadWrite'  # appointments, time off, holds: events and their extended properties
    'Application Mail.ReadWrite'       # the hidden folder whose message holds the calendar document
    'Application Mail.Send'            # confirmations and reminders sent as the mailbox (sendMail)
    'Application Contacts.ReadWrite'   # customers, as contacts in a dedicated folder
)

if (-not $SkipConnect) {
    if (-not (Get-Module -ListAvailable -Name ExchangeOnlineManagement)) {
        throw 'Install the ExchangeOnlineManagement module first: Install-Module ExchangeOnlineManagement -Scope CurrentUser'
    }
    Import-Module ExchangeOnlineManagement
    Connect-ExchangeOnline -ShowBanner:$false
}

# A property of a cmdlet's output, or $null when that output has no such property (strict mode).
function Get-OutputProperty($Object, [string] $Name) {
    $property = $Object.PSObject.Properties[$Name]
    if ($property) { $property.Value } else { $null }
}

function Set-ScopeFilter([string] $Name, [string] $Filter) {
    $existing = Get-ManagementScope -Identity $Name -ErrorAction SilentlyContinue
    if (-not $existing) {
        if ($PSCmdlet.ShouldProcess($Name, "New-ManagementScope -RecipientRestrictionFilter `"$Filter`"")) {
            New-ManagementScope -Name $Name -RecipientRestrictionFilter $Filter | Out-Null
        }
    }
    elseif ((Get-OutputProperty $existing 'RecipientFilter') -ne $Filter) {
        if ($PSCmdlet.ShouldProcess($Name, "Set-ManagementScope -RecipientRestrictionFilter `"$Filter`"")) {
            Set-ManagementScope -Identity $Name -RecipientRestrictionFilter $Filter
        }
    }
}

function Add-AppRole([string] $Role, [string] $Scope) {
    # Role assignment names are at most 64 characters.
    $name = "$DisplayName - $Role"
    if ($name.Length -gt 64) { $name = $name.Substring(0, 64) }
    $existing = Get-ManagementRoleAssignment -Identity $name -ErrorAction SilentlyContinue
    if ($existing) {
        $existingScope = Get-OutputProperty $existing 'CustomResourceScope'
        if ($existingScope -and "$existingScope" -ne $Scope) {
            throw "Role assignment '$name' exists with another scope ($existingScope); remove it (Remove-ManagementRoleAssignment) and run again."
        }
        return
    }
    if ($PSCmdlet.ShouldProcess($Role, "New-ManagementRoleAssignment -App $ServicePrincipalObjectId -CustomResourceScope `"$Scope`"")) {
        New-ManagementRoleAssignment -Name $name -App $ServicePrincipalObjectId -Role $Role -CustomResourceScope $Scope | Out-Null
    }
}

if ($Mode -eq 'Rbac') {
    if (-not $ServicePrincipalObjectId) {
        throw '-ServicePrincipalObjectId is required with -Mode Rbac (SERVICE_PRINCIPAL_OBJECT_ID from infra/entra-app.sh).'
    }
    if (-not $RecipientFilter) { $RecipientFilter = "$TagAttribute -eq '$TagValue'" }

    # 1. Exchange's pointer to the Entra service principal.
    $servicePrincipal = Get-ServicePrincipal -ErrorAction SilentlyContinue | Where-Object { (Get-OutputProperty $_ 'AppId') -eq $AppId }
    if (-not $servicePrincipal -and $PSCmdlet.ShouldProcess($DisplayName, 'New-ServicePrincipal')) {
        New-ServicePrincipal -AppId $AppId -ObjectId $ServicePrincipalObjectId -DisplayName $DisplayName | Out-Null
    }

    # 2. Tag the calendars' mailboxes so that the scope's filter matches them.
    foreach ($mailbox in $Mailboxes) {
        if ($PSCmdlet.ShouldProcess($mailbox, "Set-Mailbox -$TagAttribute '$TagValue'")) {
            $tag = @{ Identity = $mailbox; $TagAttribute = $TagValue }
            Set-Mailbox @tag
        }
    }

    # 3. The scope, 4. one role assignment per permission, each limited to the scope.
    Set-ScopeFilter -Name $ScopeName -Filter $RecipientFilter
    foreach ($role in $mailboxRoles) { Add-AppRole -Role $role -Scope $ScopeName }

    if ($StaffRecipientFilter) {
        Set-ScopeFilter -Name $StaffScopeName -Filter $StaffRecipientFilter
        Add-AppRole -Role 'Application Calendars.Read' -Scope $StaffScopeName
    }

    # 5. Verify: every role InScope for a calendar's mailbox, none for anyone else's.
    if ($TestMailbox) {
        Write-Host "Access of $DisplayName to $TestMailbox (expect InScope True for the four roles):"
        Test-ServicePrincipalAuthorization -Identity $ServicePrincipalObjectId -Resource $TestMailbox |
            Format-Table RoleName, GrantedPermissions, AllowedResourceScope, InScope -AutoSize
    }
    if ($OutOfScopeMailbox) {
        Write-Host "Access of $DisplayName to $OutOfScopeMailbox (expect InScope False everywhere):"
        Test-ServicePrincipalAuthorization -Identity $ServicePrincipalObjectId -Resource $OutOfScopeMailbox |
            Format-Table RoleName, GrantedPermissions, AllowedResourceScope, InScope -AutoSize
    }
}
else {
    Write-Warning ('Application access policies are being replaced by RBAC for Applications; Microsoft asks not to create new ones. ' +
        'Prefer -Mode Rbac unless it is not available to you.')

    # A mail-enabled security group holding the calendars' mailboxes.
    $group = Get-DistributionGroup -Identity $GroupAlias -ErrorAction SilentlyContinue
    if (-not $group -and $PSCmdlet.ShouldProcess($GroupName, 'New-DistributionGroup -Type Security')) {
        $group = New-DistributionGroup -Name $GroupName -Alias $GroupAlias -Type Security
        # Nobody needs to mail it; keep it out of the address book.
        Set-DistributionGroup -Identity $GroupAlias -HiddenFromAddressListsEnabled $true
    }
    foreach ($mailbox in $(if ($group) { $Mailboxes } else { @() })) {
        $isMember = Get-DistributionGroupMember -Identity $GroupAlias -ResultSize Unlimited |
            Where-Object { (Get-OutputProperty $_ 'PrimarySmtpAddress') -eq $mailbox }
        if (-not $isMember -and $PSCmdlet.ShouldProcess($mailbox, "Add-DistributionGroupMember -Identity $GroupAlias")) {
            Add-DistributionGroupMember -Identity $GroupAlias -Member $mailbox
        }
    }

    # The policy: the app reaches the group's members and no other mailbox.
    $policy = Get-ApplicationAccessPolicy -ErrorAction SilentlyContinue |
        Where-Object { @(Get-OutputProperty $_ 'AppId') -contains $AppId }
    if (-not $policy -and $PSCmdlet.ShouldProcess($AppId, "New-ApplicationAccessPolicy -AccessRight RestrictAccess -PolicyScopeGroupId $GroupAlias")) {
        New-ApplicationAccessPolicy -AppId $AppId -PolicyScopeGroupId $GroupAlias -AccessRight RestrictAccess `
            -Description 'Bookings: scheduling mailboxes only' | Out-Null
    }

    if ($TestMailbox) {
        Write-Host "Access of $AppId to $TestMailbox (expect AccessCheckResult Granted):"
        Test-ApplicationAccessPolicy -Identity $TestMailbox -AppId $AppId | Format-List AppId, Mailbox, AccessCheckResult
    }
    if ($OutOfScopeMailbox) {
        Write-Host "Access of $AppId to $OutOfScopeMailbox (expect AccessCheckResult Denied):"
        Test-ApplicationAccessPolicy -Identity $OutOfScopeMailbox -AppId $AppId | Format-List AppId, Mailbox, AccessCheckResult
    }
}
