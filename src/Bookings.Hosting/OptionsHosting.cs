using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bookings.Hosting;

/// <summary>
/// The one way a settings section becomes options (docs/architecture.md, "Options"): bound once from its section, checked by one
/// <see cref="IValidateOptions{TOptions}"/> class whose every message names the setting, validated at start.
/// </summary>
public static class OptionsHosting
{
    /// <summary>Binds <paramref name="section"/> to <typeparamref name="TOptions"/> once, checked by <typeparamref name="TValidator"/> at start.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
    }

    /// <summary>As above, with a validator that needs more than the section (another setting, which store runs).</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration section,
        IValidateOptions<TOptions> validator)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(validator);
        services.TryAddEnumerable(ServiceDescriptor.Singleton(validator));
        return services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
    }
}

/// <summary>
/// The validator of an options class whose rules are each about one setting and are written as attributes on it (ranges, required,
/// patterns, each with a message naming the setting): every failed attribute's message. Rules across settings get a class of their own.
/// </summary>
public sealed class AnnotatedOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            return ValidateOptionsResult.Success;
        return ValidateOptionsResult.Fail(results.Select(r =>
            r.ErrorMessage ?? $"{typeof(TOptions).Name}: {string.Join(", ", r.MemberNames)} is not valid."));
    }
}
