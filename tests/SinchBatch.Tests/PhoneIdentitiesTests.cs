using System.Collections.Generic;
using System.Linq;
using PhoneNumbers;
using SinchBatch.Recipients;
using Xunit;

namespace SinchBatch.Tests;

public class PhoneIdentitiesTests
{
    // Regions whose example numbers the type rules are checked on: Europe, North America, Oceania, Asia.
    private static readonly string[] ExampleRegions = { "DE", "GB", "FR", "SE", "IT", "ES", "PL", "NL", "CH", "US", "CA", "AU", "JP", "IN", "BR", "TR" };

    private static PhoneNumberUtil Util => PhoneNumberUtil.GetInstance();

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
    [InlineData("0151 23456789", "DE", "+4915123456789")]
    [InlineData("(202) 456-1111", "US", "+12024561111")]
    [InlineData("1 202 456 1111", "US", "+12024561111")]
    public void Numbers_as_people_type_them_are_sent_in_E164(string typed, string? region, string e164) =>
        Assert.Equal(e164, new PhoneIdentities(region).Read(typed, 1));

    [Theory]
    [InlineData("0701234567", null, "has no country code")]
    [InlineData("0046701234567", null, "starts with 00, an international prefix that depends on the country it is dialled from")]
    [InlineData("+4670BAD", "SE", "cannot be read as a phone number")]
    [InlineData("1-800-FLOWERS", "US", "cannot be read as a phone number")]
    [InlineData("+46701234567 ext. 12", null, "cannot be read as a phone number")]
    [InlineData("+4670123456", null, "is not a valid phone number. ")]
    [InlineData("+99912345678", null, "is not a valid phone number. ")]
    [InlineData("+999 1234 5678", null, "is not a valid phone number. ")]
    [InlineData("12", "SE", "is not a valid phone number (read as a number of Sweden (SE), the -DefaultRegion, such as 070-123 45 67)")]
    [InlineData("not a number", null, "cannot be read as a phone number")]
    public void Numbers_that_cannot_be_sent_to_are_refused_naming_the_row_and_why(string typed, string? region, string why)
    {
        var ex = Assert.Throws<SinchBatchException>(() => new PhoneIdentities(region).Read(typed, 12));
        Assert.Equal("SinchBatch.InvalidPhoneNumber", ex.ErrorId);
        Assert.StartsWith($"Row 12's identity {IdentityMask.Of(typed)} ", ex.Message);
        Assert.Contains(why, ex.Message);
    }

    [Theory]
    [InlineData("+4915123456789", "+49151•••••789")]
    [InlineData("+49 151 23456789", "+49151•••••789")]
    [InlineData("07911 123456", "0791••••456")]
    [InlineData("+46701234567", "+4670••••567")]
    [InlineData("12345678", "1••••678")]
    [InlineData("c-1", "•••")]
    [InlineData("customer-0042", "custo•••••042")]
    public void Identities_in_messages_are_masked(string identity, string masked) =>
        Assert.Equal(masked, IdentityMask.Of(identity));

    [Fact]
    public void No_message_holds_the_whole_number()
    {
        foreach (var (typed, region) in new[] { ("0049151234567890", (string?)null), ("07911 123456", "DE"), ("4915123456780", "DE"), ("030 12345678", "DE"), ("+4930123", null) })
        {
            var ex = Assert.Throws<SinchBatchException>(() => new PhoneIdentities(region, textOnly: true).Read(typed, 3));
            string digits = new string(typed.Where(char.IsDigit).ToArray());
            Assert.DoesNotContain(digits, new string(ex.Message.Where(char.IsDigit).ToArray()));
        }
    }

    public static IEnumerable<object[]> ExampleNumbers() =>
        from region in ExampleRegions
        from PhoneNumberType asked in System.Enum.GetValues(typeof(PhoneNumberType))
        let example = Util.GetExampleNumberForType(region, asked)
        where example is not null
        let type = Util.GetNumberType(example) // an example asked for as FIXED_LINE_OR_MOBILE is a fixed line outside North America
        select new object[] { region, type, Util.Format(example, PhoneNumberFormat.E164) };

    [Theory]
    [MemberData(nameof(ExampleNumbers))]
    public void For_SMS_only_numbers_a_text_can_reach_are_sent(string region, PhoneNumberType type, string e164)
    {
        bool reachable = type is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE or PhoneNumberType.VOIP or PhoneNumberType.PERSONAL_NUMBER;
        var sms = new PhoneIdentities(region, textOnly: true);
        if (reachable)
        {
            Assert.Equal(e164, sms.Read(e164, 1));
        }
        else
        {
            var ex = Assert.Throws<SinchBatchException>(() => sms.Read(e164, 1));
            Assert.Equal("SinchBatch.NotMobileNumber", ex.ErrorId);
        }

        // -AllowFixedLine lets fixed lines through, and nothing else; other channels reach any valid number.
        var fixedLines = new PhoneIdentities(region, textOnly: true, allowFixedLine: true);
        if (reachable || type == PhoneNumberType.FIXED_LINE)
        {
            Assert.Equal(e164, fixedLines.Read(e164, 1));
        }
        else
        {
            Assert.Throws<SinchBatchException>(() => fixedLines.Read(e164, 1));
        }

        Assert.Equal(e164, new PhoneIdentities(region).Read(e164, 1));
    }

    [Fact]
    public void A_Berlin_fixed_line_is_refused_for_SMS_saying_why_and_what_to_do()
    {
        var ex = Assert.Throws<SinchBatchException>(() => new PhoneIdentities("DE", textOnly: true).Read("030 12345678", 4));
        Assert.Equal("SinchBatch.NotMobileNumber", ex.ErrorId);
        Assert.Equal("Row 4's identity 0301••••678 is a fixed line, which no SMS reaches. The row was not sent. Where Sinch delivers SMS to fixed lines, -AllowFixedLine sends to them.", ex.Message);
        Assert.Equal("+493012345678", new PhoneIdentities("DE", textOnly: true, allowFixedLine: true).Read("030 12345678", 4));
    }

    [Theory]
    [InlineData("07911 123456", "United Kingdom (GB) (+44791••••456)")]
    [InlineData("(202) 456-1111", "United States (US) (+1202••••111)")]
    [InlineData("070-123 45 67", "Romania (RO) (+4070••••567) or Sweden (SE) (+4670••••567)")]
    public void A_national_number_that_is_a_mobile_of_another_country_is_refused_not_sent_to_a_stranger(string typed, string readings)
    {
        foreach (bool textOnly in new[] { true, false })
        {
            var ex = Assert.Throws<SinchBatchException>(() => new PhoneIdentities("DE", textOnly).Read(typed, 2));
            Assert.Equal("SinchBatch.ForeignPhoneNumber", ex.ErrorId);
            Assert.Equal($"Row 2's identity {IdentityMask.Of(typed)} is no mobile number when read as a number of Germany (DE), the -DefaultRegion, but reads as a mobile number of {readings}. The row was not sent, so that no stranger gets the message: give each row's country in a column named with -RegionProperty, or write the number with + and its country code.", ex.Message);
            Assert.Contains("-RegionProperty", ex.Message);
        }
    }

    [Fact]
    public void A_Swedish_fixed_line_read_as_German_is_refused_for_SMS()
    {
        var ex = Assert.Throws<SinchBatchException>(() => new PhoneIdentities("DE", textOnly: true).Read("08-123 456 78", 2));
        Assert.Equal("SinchBatch.NotMobileNumber", ex.ErrorId);
    }

    [Fact]
    public void A_mobile_whose_plus_Excel_dropped_is_refused_naming_both_readings()
    {
        var ex = Assert.Throws<SinchBatchException>(() => new PhoneIdentities("DE").Read("4915123456780", 9));
        Assert.Equal("SinchBatch.AmbiguousPhoneNumber", ex.ErrorId);
        Assert.Equal(
            "Row 9's identity 49151•••••780 reads two ways: as a number of Germany (DE) that starts with 49, and as the mobile number +49151•••••780 whose + was lost (as Excel drops it). "
                + "The row was not sent: write it with + or 00 before the country code, or with the national 0.",
            ex.Message);
        Assert.Equal("+4915123456780", new PhoneIdentities("DE").Read("+4915123456780", 9));
        Assert.Equal("+4915123456780", new PhoneIdentities("DE").Read("004915123456780", 9));
    }

    [Theory]
    [InlineData("GB", "07911 123456", "+447911123456")]
    [InlineData("gbr", "07911 123456", "+447911123456")]
    [InlineData("United Kingdom", "07911 123456", "+447911123456")]
    [InlineData(" US ", "(202) 456-1111", "+12024561111")]
    [InlineData("Deutschland", "0151 23456789", "+4915123456789")]
    [InlineData("Sverige", "070-123 45 67", "+46701234567")]
    [InlineData("", "0151 23456789", "+4915123456789")]
    public void A_row_s_own_country_reads_its_national_number_before_the_default_region(string country, string typed, string e164) =>
        Assert.Equal(e164, new PhoneIdentities("DE", textOnly: true).Read(typed, 1, country));

    [Theory]
    [InlineData("Narnia")]
    [InlineData("XX")]
    [InlineData("UK1")]
    public void A_country_that_names_no_country_refuses_the_row(string country)
    {
        var ex = Assert.Throws<SinchBatchException>(() => new PhoneIdentities("DE").Read("0151 23456789", 5, country));
        Assert.Equal("SinchBatch.UnknownCountry", ex.ErrorId);
        Assert.StartsWith("Row 5's country (the -RegionProperty column) names no country known here. The row was not sent", ex.Message);
        Assert.DoesNotContain(country, ex.Message);
    }

    [Fact]
    public void Examples_come_from_the_row_s_region_or_the_input_s_most_common_country_never_a_fixed_one()
    {
        var german = Assert.Throws<SinchBatchException>(() => new PhoneIdentities("DE").Read("0151", 1));
        Assert.Contains("such as 01512 3456789", german.Message);
        Assert.DoesNotContain("+46", german.Message);

        var phones = new PhoneIdentities(null);
        phones.Read("+4915123456789", 1);
        phones.Read("+4917612345678", 2);
        phones.Read("+447911123456", 3);
        var ex = Assert.Throws<SinchBatchException>(() => phones.Read("0151 23456780", 4));
        Assert.Contains("such as +49 1512 3456789", ex.Message);
    }

    [Theory]
    [InlineData("SE", true)]
    [InlineData("GB", true)]
    [InlineData("UK", false)]
    [InlineData("XX", false)]
    public void Regions_are_the_ones_libphonenumber_knows(string region, bool known) =>
        Assert.Equal(known, PhoneIdentities.IsRegion(region));
}
