// Bookings on Azure App Service with the Microsoft 365 store.
//
// Deploys: a Linux App Service plan, the web app (.NET 10, HTTPS only, TLS 1.2+, FTPS off,
// Always On, health check on /health, system-assigned managed identity) and a Key Vault (RBAC
// authorization, soft delete, purge protection) that holds the Entra app's credential. The web
// app's identity gets "Key Vault Secrets User" on the vault and reads the credential through a
// Key Vault reference, so the secret is never an app setting value nor a deployment parameter.
//
//   az deployment group create --resource-group rg-bookings --template-file infra/main.bicep \
//     --parameters graphClientId=<application (client) id> publicBaseUrl=https://book.contoso.com
//
// See infra/README.md for the order of the steps and what each parameter means.

targetScope = 'resourceGroup'

@description('Azure region of every resource. Defaults to the resource group\'s region.')
param location string = resourceGroup().location

@description('Short name used to build resource names (lowercase letters, digits and hyphens).')
@minLength(2)
@maxLength(20)
param namePrefix string = 'bookings'

@description('Name of the web app; it becomes https://{name}.azurewebsites.net. Globally unique.')
@minLength(2)
@maxLength(60)
param webAppName string = '${namePrefix}-${uniqueString(resourceGroup().id)}'

@description('Name of the Key Vault (3-24 characters, globally unique, kept 90 days after deletion because purge protection is on).')
@minLength(3)
@maxLength(24)
param keyVaultName string = 'kv-${uniqueString(resourceGroup().id, namePrefix)}'

@description('App Service plan SKU. Basic (B1) or higher: Always On is not available on Free or Shared.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param appServicePlanSku string = 'B1'

@description('Number of web app instances. The web tier is stateless on the Microsoft 365 store, but the background jobs run in every instance unless Workers__Enabled is false and they run elsewhere.')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@description('Runtime stack of the Linux web app (`az webapp list-runtimes --os linux` lists the values).')
param linuxFxVersion string = 'DOTNETCORE|10.0'

@description('Directory (tenant) ID of the Microsoft Entra tenant that holds the app registration and the scheduling mailboxes. Defaults to the tenant of this deployment.')
param graphTenantId string = tenant().tenantId

@description('Application (client) ID of the Entra app registration created by infra/entra-app.sh.')
@minLength(36)
@maxLength(36)
param graphClientId string

@description('The mailbox whose hidden folder keeps the list of calendars and the SMS opt-outs (Graph__DirectoryMailbox): any mailbox in the app\'s Exchange scope, e.g. the first calendar\'s scheduling mailbox.')
param directoryMailbox string

@description('How the app authenticates to Microsoft Graph: "secret" reads Graph__ClientSecret from the Key Vault secret named by graphCredentialSecretName; "certificate" reads Graph__ClientCertificate, a Key Vault certificate (PFX) read through the secret of the same name.')
@allowed([
  'secret'
  'certificate'
])
param graphCredentialType string = 'secret'

@description('Name of the Key Vault secret (or certificate) that holds the Graph credential: graph-client-secret or graph-client-certificate unless set. Put the value in after the deployment (infra/README.md); the app setting refers to its latest version.')
param graphCredentialSecretName string = graphCredentialType == 'certificate' ? 'graph-client-certificate' : 'graph-client-secret'

@description('Application (client) ID of the app registration people sign in to the admin app with (Microsoft Entra ID; its Web redirect URI is https://{host}/signin-oidc with ID tokens on). Empty: the Graph app registration above, with that redirect URI added.')
param signInClientId string = ''

@description('Public base URL of the booking pages, used in manage links and emails, e.g. https://book.contoso.com. Empty: https://{webAppName}.azurewebsites.net.')
param publicBaseUrl string = ''

@description('Object ID of a user or group that puts the Graph credential into the Key Vault: "Key Vault Secrets Officer", and "Key Vault Certificates Officer" when graphCredentialType is certificate. E.g. `az ad signed-in-user show --query id -o tsv`. Empty: no such role assignment; grant it yourself.')
param operatorPrincipalId string = ''

@description('Principal type of operatorPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param operatorPrincipalType string = 'User'

@description('Tags applied to every resource.')
param tags object = {
  application: 'bookings'
}

// Built-in role definitions (the same GUIDs in every subscription).
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
var keyVaultCertificatesOfficerRoleId = 'a4417e6f-fecd-4de8-b567-7b0420556985'

var graphCredentialSettingName = graphCredentialType == 'certificate' ? 'Graph__ClientCertificate' : 'Graph__ClientSecret'

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: 'plan-${namePrefix}-${uniqueString(resourceGroup().id)}' // at most 40 characters
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServicePlanSku
    capacity: instanceCount
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false // stateless web tier: no sticky sessions
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      // The published folder holds two executables (Bookings.Web and Bookings.Worker): name the host.
      appCommandLine: 'dotnet Bookings.Web.dll'
      alwaysOn: true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      healthCheckPath: '/health'
    }
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    // App Service without VNet integration reaches the vault over its public endpoint.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// The web app's managed identity reads secrets (the Key Vault references) and nothing else.
resource webAppSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, site.id, keyVaultSecretsUserRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
    description: 'Bookings web app reads the Microsoft Graph credential through a Key Vault reference.'
  }
}

resource operatorSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(keyVault.id, operatorPrincipalId, keyVaultSecretsOfficerRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficerRoleId)
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
    description: 'Operator writes the Microsoft Graph credential into the vault.'
  }
}

resource operatorCertificatesOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId) && graphCredentialType == 'certificate') {
  name: guid(keyVault.id, operatorPrincipalId, keyVaultCertificatesOfficerRoleId)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCertificatesOfficerRoleId)
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
    description: 'Operator creates the certificate the app authenticates to Microsoft Graph with.'
  }
}

// App settings are a separate resource so that they can use the site's host name and are written
// after the identity may read the vault (a Key Vault reference resolves on the next restart).
resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    Store__Provider: 'Graph'
    Graph__TenantId: graphTenantId
    Graph__ClientId: graphClientId
    Graph__DirectoryMailbox: directoryMailbox
    // On Microsoft 365 the admin app signs people in with Microsoft Entra ID (local accounts belong to the embedded store).
    AzureAd__TenantId: graphTenantId
    AzureAd__ClientId: empty(signInClientId) ? graphClientId : signInClientId
    Admin__RequireHttpsCookies: 'true'
    '${graphCredentialSettingName}': '@Microsoft.KeyVault(SecretUri=${keyVault.properties.vaultUri}secrets/${graphCredentialSecretName}/)'
    PublicBaseUrl: empty(publicBaseUrl) ? 'https://${site.properties.defaultHostName}' : publicBaseUrl
    // Data Protection keys (antiforgery, cookies) and local files live on the persistent /home share.
    Store__DataDirectory: '/home/bookings'
    // The demo calendar is for the embedded store; never seed a tenant.
    Seed__Demo: 'false'
  }
  dependsOn: [
    webAppSecretsUser
  ]
}

@description('URL of the web app.')
output webAppUrl string = 'https://${site.properties.defaultHostName}'

@description('Name of the web app (for `az webapp deploy`).')
output webAppName string = site.name

@description('Object (principal) ID of the web app\'s system-assigned managed identity.')
output webAppPrincipalId string = site.identity.principalId

@description('Name of the Key Vault that holds the Graph credential.')
output keyVaultName string = keyVault.name

@description('Name of the Key Vault secret or certificate the web app reads the Graph credential from.')
output graphCredentialSecretName string = graphCredentialSecretName

@description('App setting that carries the Key Vault reference to the Graph credential.')
output graphCredentialSettingName string = graphCredentialSettingName
