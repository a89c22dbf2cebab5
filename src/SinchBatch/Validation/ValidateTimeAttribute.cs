using System;
using System.Management.Automation;

namespace SinchBatch.Validation;

/// <summary>
/// Refuses a negative time (and zero, unless <see cref="AllowZero"/>) as the parameter binds, so the command
/// never starts; PowerShell reports it as ParameterArgumentValidationError, naming the parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ValidateTimeAttribute : ValidateArgumentsAttribute
{
    public bool AllowZero { get; set; }

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (arguments is TimeSpan time && (time < TimeSpan.Zero || (time == TimeSpan.Zero && !AllowZero)))
        {
            throw new ValidationMetadataException(
                $"{time} is {(time < TimeSpan.Zero ? "negative" : "zero")}: give a {(AllowZero ? "time of zero or more" : "positive time")}, such as '00:05:00' or (New-TimeSpan -Minutes 5).");
        }
    }
}
