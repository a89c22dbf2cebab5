using SinchBatch.Recipients;
using Xunit;

namespace SinchBatch.Tests;

public class PhoneIdentitiesTests
{
    [Theory]
    [InlineData("+46701234567", null, "+46701234567")]
    [InlineData("+46 70 123 45 67", null, "+46701234567")]
    [InlineData("+46 (0)70-123 45 67", null, "+46701234567")]
    [InlineData("070-123 45 67", "SE", "+46701234567")]
    [InlineData("0701234567", "SE", "+46701234567")]
    [InlineData("(070) 123-45-67", "SE", "+46701234567")]
    [InlineData("0046701234567", "SE", "+46701234567")]
    [InlineData("+44 20 7946 0958", "SE", "+442079460958")]
    [InlineData("020 7946 0958", "GB", "+442079460958")]
    [InlineData("+390612345678", null, "+390612345678")]
    [InlineData("+12025550123", null, "+12025550123")]
    public void Numbers_as_people_type_them_are_sent_in_E164(string typed, string? region, string e164) =>
        Assert.Equal(e164, new PhoneIdentities(region).Read(typed, 1));

    [Theory]
    [InlineData("0701234567", null, "has no country code")]
    [InlineData("0046701234567", null, "starts with 00, an international prefix that depends on the country it is dialled from; write it with + instead, or -DefaultRegion (such as -DefaultRegion SE) would read it")]
    [InlineData("+4670BAD", "SE", "cannot be read as a phone number")]
    [InlineData("1-800-FLOWERS", "US", "cannot be read as a phone number")]
    [InlineData("+46701234567 ext. 12", null, "cannot be read as a phone number")]
    [InlineData("+4670123456", null, "is not a valid phone number")]
    [InlineData("+99912345678", null, "is not a valid phone number")]
    [InlineData("+999 1234 5678", null, "is not a valid phone number")]
    [InlineData("12", "SE", "is not a valid phone number (national numbers read as SE)")]
    [InlineData("not a number", null, "cannot be read as a phone number")]
    public void Numbers_that_cannot_be_sent_to_are_refused_naming_row_value_and_why(string typed, string? region, string why)
    {
        var ex = Assert.Throws<SinchBatchException>(() => new PhoneIdentities(region).Read(typed, 12));
        Assert.Equal("SinchBatch.InvalidPhoneNumber", ex.ErrorId);
        Assert.StartsWith($"Row 12's identity '{typed}' ", ex.Message);
        Assert.Contains(why, ex.Message);
    }

    [Theory]
    [InlineData("SE", true)]
    [InlineData("GB", true)]
    [InlineData("UK", false)]
    [InlineData("XX", false)]
    public void Regions_are_the_ones_libphonenumber_knows(string region, bool known) =>
        Assert.Equal(known, PhoneIdentities.IsRegion(region));
}
