#!/usr/bin/env bash
# Registers the Microsoft Entra application that Bookings uses to reach the scheduling mailboxes
# through Microsoft Graph (app-only, client credentials), and later puts its credential into the
# Key Vault that infra/main.bicep deploys. infra/entra-app.md explains every permission.
#
#   eval "$(infra/entra-app.sh)"                    # 1. app + service principal; sets the ids
#   infra/entra-app.sh --key-vault kv-xxxx          # 5. new client secret, written into the vault
#   infra/entra-app.sh --key-vault kv-xxxx --certificate   # or a certificate made inside the vault
#
# Needs the Azure CLI (`az login` as an administrator of the tenant). Safe to run again: it finds
# the app by its display name and only adds what is missing.
set -euo pipefail

readonly GRAPH_APP_ID=00000003-0000-0000-c000-000000000000 # Microsoft Graph
# The mailbox permissions the store needs (infra/entra-app.md says why each).
readonly MAILBOX_PERMISSIONS=(Calendars.ReadWrite Mail.ReadWrite Mail.Send Contacts.ReadWrite)

name=Bookings
mode=rbac
with_user_read=false
allow_calendar_create=false
grant_consent=false
key_vault=
credential=secret
secret_years=1

usage() {
  cat <<'EOF'
Usage: infra/entra-app.sh [options]

  --name NAME              display name of the app registration (default: Bookings)
  --mode rbac|access-policy
                           rbac (default, recommended): the app holds NO tenant-wide mailbox
                           permission in Entra; Exchange Online grants them, scoped to the
                           scheduling mailboxes, through infra/exchange-scope.ps1 -Mode Rbac.
                           access-policy (legacy): the app gets the Graph application permissions
                           Calendars.ReadWrite, Mail.ReadWrite, Mail.Send and Contacts.ReadWrite
                           (tenant-wide until infra/exchange-scope.ps1 -Mode AccessPolicy
                           restricts them); needs admin consent.
  --with-user-read         also request User.Read.All (application). Optional: the store does not
                           need it; only for resolving staff from the directory.
  --allow-calendar-create  also request the DELEGATED Bookings.Manage.All, with which the admin app's
                           "New calendar" creates a scheduling mailbox as the signed-in administrator
                           (POST /solutions/bookingBusinesses, which Microsoft Graph does not allow
                           with application permissions); set Admin__CreateSchedulingMailboxes=true
                           and AzureAd__ClientSecret on the web app (infra/entra-app.md).
  --grant-consent          grant tenant-wide admin consent for what this script requested
                           (Global Administrator or Privileged Role Administrator).
  --key-vault NAME         create a credential and store it in this Key Vault (run after the
                           Bicep deployment): a client secret named graph-client-secret, or with
                           --certificate a certificate named graph-client-certificate.
  --certificate            with --key-vault: a self-signed certificate created in the vault (the
                           private key never leaves it) instead of a client secret.
  --secret-years N         lifetime of a new client secret in years (default: 1).
  -h, --help               this text.
EOF
}

die() { echo "entra-app.sh: $*" >&2; exit 1; }

while (($#)); do
  case $1 in
    --name) name=${2:?--name needs a value}; shift 2 ;;
    --mode) mode=${2:?--mode needs a value}; shift 2 ;;
    --with-user-read) with_user_read=true; shift ;;
    --allow-calendar-create) allow_calendar_create=true; shift ;;
    --grant-consent) grant_consent=true; shift ;;
    --key-vault) key_vault=${2:?--key-vault needs a value}; shift 2 ;;
    --certificate) credential=certificate; shift ;;
    --secret-years) secret_years=${2:?--secret-years needs a value}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done
[[ $mode == rbac || $mode == access-policy ]] || die "--mode must be rbac or access-policy"
[[ $credential == secret || -n $key_vault ]] || die "--certificate needs --key-vault"

command -v az >/dev/null || die "the Azure CLI (az) is not installed"
tenant_id=$(az account show --query tenantId -o tsv 2>/dev/null) || die "run 'az login' first"

# 1. The app registration: single tenant, no redirect URI (a daemon; nobody signs in to it).
app_id=$(az ad app list --filter "displayName eq '$name'" --query '[0].appId' -o tsv)
if [[ -z $app_id ]]; then
  app_id=$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg --query appId -o tsv)
  echo "Created app registration '$name'." >&2
fi

# 2. Its service principal (enterprise application): what consent and Exchange RBAC attach to.
sp_object_id=$(az ad sp list --filter "appId eq '$app_id'" --query '[0].id' -o tsv)
if [[ -z $sp_object_id ]]; then
  sp_object_id=$(az ad sp create --id "$app_id" --query id -o tsv)
  echo "Created its service principal." >&2
fi

# 3. Permissions, looked up by name on Microsoft Graph's service principal (fetched once).
graph_sp_id=$(az ad sp show --id "$GRAPH_APP_ID" --query id -o tsv)
graph_app_roles=$(az ad sp show --id "$GRAPH_APP_ID" \
  --query "appRoles[?contains(allowedMemberTypes, 'Application')].[value, id]" -o tsv)
graph_scopes=$(az ad sp show --id "$GRAPH_APP_ID" --query "oauth2PermissionScopes[].[value, id]" -o tsv)
lookup() { # lookup TABLE NAME: the id of NAME in "name<TAB>id" lines
  local id
  id=$(awk -F '\t' -v name="$2" '$1 == name { print $2; exit }' <<<"$1")
  [[ -n $id ]] || die "Microsoft Graph has no permission named $2"
  printf '%s\n' "$id"
}
app_role_id() { lookup "$graph_app_roles" "$1"; }
scope_id() { lookup "$graph_scopes" "$1"; }

requested=()
if [[ $mode == access-policy ]]; then
  for permission in "${MAILBOX_PERMISSIONS[@]}"; do requested+=("$(app_role_id "$permission")=Role"); done
fi
if $with_user_read; then requested+=("$(app_role_id User.Read.All)=Role"); fi
if $allow_calendar_create; then
  # The admin app asks for it when an administrator first creates a scheduling mailbox (incremental consent).
  requested+=("$(scope_id Bookings.Manage.All)=Scope")
fi
if ((${#requested[@]})); then
  az ad app permission add --id "$app_id" --api "$GRAPH_APP_ID" --api-permissions "${requested[@]}" --only-show-errors >/dev/null
  if $grant_consent; then
    az ad app permission admin-consent --id "$app_id" >/dev/null
    echo "Granted tenant-wide admin consent." >&2
  else
    echo "Admin consent is still needed: rerun with --grant-consent, or Entra admin center >" \
      "App registrations > $name > API permissions > Grant admin consent." >&2
  fi
fi

# In rbac mode a tenant-wide Entra grant of a mailbox permission would defeat the Exchange scope:
# Entra and Exchange RBAC grants add up. Say so if one is there.
if [[ $mode == rbac ]]; then
  granted=$(az rest --method GET \
    --url "https://graph.microsoft.com/v1.0/servicePrincipals/$sp_object_id/appRoleAssignments" \
    --query "value[?resourceId=='$graph_sp_id'].appRoleId" -o tsv)
  for permission in "${MAILBOX_PERMISSIONS[@]}" Mail.Read Calendars.Read Contacts.Read; do
    role_id=$(app_role_id "$permission")
    if grep -qx "$role_id" <<<"$granted"; then
      echo "WARNING: $name holds the tenant-wide application permission $permission in Entra ID." \
        "It reaches every mailbox whatever Exchange scopes say; remove it (Enterprise applications >" \
        "$name > Permissions > Revoke) and let infra/exchange-scope.ps1 grant it scoped." >&2
    fi
  done
fi

# 5. The credential, straight into the Key Vault (never printed, never in a parameter file).
if [[ -n $key_vault ]]; then
  if [[ $credential == secret ]]; then
    secret=$(az ad app credential reset --id "$app_id" --append --display-name bookings \
      --years "$secret_years" --query password -o tsv --only-show-errors)
    az keyvault secret set --vault-name "$key_vault" --name graph-client-secret \
      --file <(printf '%s' "$secret") --encoding utf-8 --output none
    unset secret
    echo "Stored a new client secret as Key Vault secret 'graph-client-secret' in $key_vault." >&2
  else
    az keyvault certificate create --vault-name "$key_vault" --name graph-client-certificate \
      --policy "$(az keyvault certificate get-default-policy)" --output none
    public_cert=$(mktemp --suffix=.pem)
    trap 'rm -f "$public_cert"' EXIT
    rm -f "$public_cert" # az refuses to overwrite
    az keyvault certificate download --vault-name "$key_vault" --name graph-client-certificate \
      --file "$public_cert" --encoding PEM >/dev/null
    az ad app credential reset --id "$app_id" --append --cert "@$public_cert" --only-show-errors --output none
    echo "Created certificate 'graph-client-certificate' in $key_vault and added its public key to $name." >&2
  fi
  echo "Restart the web app (az webapp restart) so that its Key Vault reference reads the new version." >&2
fi

# Machine-readable summary, the only output on stdout: `eval "$(infra/entra-app.sh)"` sets them.
echo "GRAPH_TENANT_ID=$tenant_id"
echo "GRAPH_CLIENT_ID=$app_id"
echo "SERVICE_PRINCIPAL_OBJECT_ID=$sp_object_id"
