using System.Text.Json;
using Pledge.Conduct.Screening;

namespace Pledge.Conduct.Tests.Screening;

public sealed class ScreenerTests
{
    private static readonly Screener Screener = Screener.Default;

    [Theory]
    // off-platform: contacts, links, QR codes, stores, refunds outside the platform
    [InlineData("Chat me on WhatsApp +62 812-3456-7890 for a better price", ScreeningCategory.OffPlatform)]
    [InlineData("Email saja ke budi.santoso@gmail.com ya kak", ScreeningCategory.OffPlatform)]
    [InlineData("Order lewat tokoku.com/promo aja kak, lebih murah", ScreeningCategory.OffPlatform)]
    [InlineData("Scan kode QR ini untuk bayar ya kak", ScreeningCategory.OffPlatform)]
    [InlineData("Kak, refund-nya saya transfer langsung ke rekening kakak ya", ScreeningCategory.OffPlatform)]
    [InlineData("Datang aja ke toko kami di Jl. Sudirman no 5", ScreeningCategory.OffPlatform)]
    [InlineData("Sunați-mă pe WhatsApp la 0721 234 567", ScreeningCategory.OffPlatform)]
    // review incentives
    [InlineData("Kasih bintang 5 nanti dapat voucher 20rb ya kak", ScreeningCategory.ReviewIncentive)]
    [InlineData("Leave a 5 star review and get a 10% discount on your next order", ScreeningCategory.ReviewIncentive)]
    [InlineData("Lăsați o recenzie de 5 stele și primiți un voucher", ScreeningCategory.ReviewIncentive)]
    // threats
    [InlineData("Kalau kasih ulasan jelek, kami tahu alamat kamu", ScreeningCategory.Threat)]
    [InlineData("We know your address.", ScreeningCategory.Threat)]
    [InlineData("If you request a return you will regret it", ScreeningCategory.Threat)]
    [InlineData("We'll block your account if you leave a bad review", ScreeningCategory.Threat)]
    [InlineData("Dacă lași o recenzie proastă, o să regreți", ScreeningCategory.Threat)]
    // cancel requests
    [InlineData("Tolong cancel pesanannya ya kak, stoknya habis", ScreeningCategory.CancelRequest)]
    [InlineData("Please cancel the order, we cannot ship it", ScreeningCategory.CancelRequest)]
    [InlineData("Vă rog anulați comanda", ScreeningCategory.CancelRequest)]
    // extra payment
    [InlineData("Ada biaya tambahan 20rb untuk packing ya kak", ScreeningCategory.ExtraPayment)]
    [InlineData("You need to pay an extra fee of 5 dollars before shipping", ScreeningCategory.ExtraPayment)]
    [InlineData("Este o taxă suplimentară de 20 lei pentru livrare", ScreeningCategory.ExtraPayment)]
    // personal data
    [InlineData("Boleh minta foto KTP dan kode OTP nya kak?", ScreeningCategory.PersonalInfoRequest)]
    [InlineData("Please send me your card number and CVV", ScreeningCategory.PersonalInfoRequest)]
    [InlineData("Trimiteți-mi CNP-ul și parola", ScreeningCategory.PersonalInfoRequest)]
    // offensive
    [InlineData("dasar anjing lo", ScreeningCategory.Profanity)]
    [InlineData("what the fuck is this", ScreeningCategory.Profanity)]
    [InlineData("du-te dracului", ScreeningCategory.Profanity)]
    [InlineData("dasar goblok", ScreeningCategory.Insult)]
    [InlineData("you are so stupid", ScreeningCategory.Insult)]
    [InlineData("ești un idiot", ScreeningCategory.Insult)]
    [InlineData("kamu sange ya", ScreeningCategory.SexualHarassment)]
    [InlineData("send nudes", ScreeningCategory.SexualHarassment)]
    [InlineData("dasar cina babi", ScreeningCategory.Discrimination)]
    [InlineData("go back to your country", ScreeningCategory.Discrimination)]
    [InlineData("țiganii ăștia", ScreeningCategory.Discrimination)]
    // unsolicited
    [InlineData("Promo! Beli paket kuota 10GB cuma Rp 50rb, ketik *123*5# sekarang", ScreeningCategory.Spam)]
    [InlineData("Selamat! Anda pemenang undian hadiah Rp 100 juta, info hub 081234567890", ScreeningCategory.Scam)]
    [InlineData("Congratulations, you have won! Claim your prize now", ScreeningCategory.Scam)]
    public void Finds_the_category(string text, ScreeningCategory expected)
    {
        var result = Screener.Screen(text);

        Assert.Contains(expected, result.Categories);
        Assert.Contains(result.Findings, f => f.Category == expected);
        Assert.All(result.Findings, f => Assert.InRange(f.Start + f.Length, 1, text.Length));
    }

    [Theory]
    [InlineData("Terima kasih kak, pesanan sudah dikirim hari ini")]
    [InlineData("Mulțumesc, comanda a fost livrată")]
    [InlineData("Thanks, your parcel ships tomorrow")]
    [InlineData("Kak, ini nomor resi JNE 1234567890123 ya")]
    [InlineData("Hello, can I help you with your order?")]
    [InlineData("Pesanan dikirim 2024-05-06 11:47:11, estimasi 3 hari")]
    [InlineData("")]
    public void Leaves_ordinary_messages_alone(string text)
    {
        var result = Screener.Screen(text);

        Assert.Empty(result.Categories);
        Assert.Empty(result.Findings);
    }

    [Theory]
    [InlineData("Kamu 4nj1ng!", "4nj1ng", ScreeningCategory.Profanity)]
    [InlineData("dasar goblooook", "goblooook", ScreeningCategory.Profanity)]
    [InlineData("b@ngs@t", "b@ngs@t", ScreeningCategory.Profanity)]
    [InlineData("ești proastă", "proastă", ScreeningCategory.Insult)]
    [InlineData("esti proasta", "proasta", ScreeningCategory.Insult)]
    [InlineData("fuuuuck", "fuuuuck", ScreeningCategory.Profanity)]
    [InlineData("anak2 anjing2", "anjing2", ScreeningCategory.Profanity)]
    [InlineData("dibegoin terus", "dibegoin", ScreeningCategory.Insult)]
    public void Reads_slang_spellings_and_points_into_the_original_text(string text, string span, ScreeningCategory category)
    {
        var finding = Assert.Single(Screener.Screen(text).Findings, f => f.Category == category && text.Substring(f.Start, f.Length) == span);

        Assert.Equal(text.IndexOf(span, StringComparison.Ordinal), finding.Start);
    }

    [Fact]
    public void Reports_contact_spans_exactly()
    {
        const string text = "WA aku di 0812 3456 7890 atau email budi@toko.co.id";

        var findings = Screener.Screen(text).Findings;

        Assert.Contains(findings, f => f.Rule == "detector/phone" && text.Substring(f.Start, f.Length) == "0812 3456 7890");
        Assert.Contains(findings, f => f.Rule == "detector/email" && text.Substring(f.Start, f.Length) == "budi@toko.co.id");
    }

    [Fact]
    public void A_short_word_is_not_stretched_into_another()
    {
        // "as" must not be read as a collapsed "ass"
        Assert.Empty(Screener.Screen("as soon as possible").Categories);
        Assert.Contains(ScreeningCategory.Profanity, Screener.Screen("kiss my asssss").Categories);
    }

    [Fact]
    public void A_word_of_one_language_is_not_read_in_another()
    {
        // "mata" (eye) is Indonesian; in Romanian slang it is an insult about one's mother
        Assert.Empty(Screener.Screen("mata saya sakit, jadi pesanan saya ambil besok saja ya").Categories);
        Assert.Contains(ScreeningCategory.Profanity, Screener.Screen("du-te la mata si nu mai scrie aici").Categories);
    }

    [Fact]
    public void Links_on_the_tenants_allow_list_are_not_off_platform()
    {
        const string text = "Cek detail di https://shop.example.com/item/42 ya";
        var allowed = new Screener(ScreeningRules.Default.Extend(new ScreeningExtension(AllowedDomains: ["example.com"])));

        Assert.Contains(ScreeningCategory.OffPlatform, Screener.Screen(text).Categories);
        Assert.DoesNotContain(ScreeningCategory.OffPlatform, allowed.Screen(text).Categories);
    }

    [Fact]
    public void A_tenant_adds_terms_and_lexicon_lines()
    {
        var rules = ScreeningRules.Default.Extend(new ScreeningExtension(
            Terms: [new ScreeningTerm("off_platform", "tokopedia*"), new ScreeningTerm("insult", "kentang", 0.5)],
            Lexicon: "@profanity\nwaduh jancuk tenan"));
        var screener = new Screener(rules);

        var finding = Assert.Single(screener.Screen("beli di tokopedianya aja").Findings);
        Assert.Equal(("tenant/off_platform:tokopedia*", ScreeningCategory.OffPlatform), (finding.Rule, finding.Category));
        Assert.Empty(screener.Screen("kentang").Categories);
        Assert.Contains(ScreeningCategory.Profanity, screener.Screen("waduh jancuk tenan").Categories);
        Assert.Empty(Screener.Screen("beli di tokopedianya aja").Categories);
    }

    [Theory]
    [InlineData("not_a_category", "x", 1, "terms[0]")]
    [InlineData("insult", " ", 1, "terms[0]")]
    [InlineData("insult", "x", 0, "terms[0]")]
    public void A_malformed_tenant_term_names_its_field(string cue, string term, double weight, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => ScreeningRules.Default.Extend(new ScreeningExtension(Terms: [new ScreeningTerm(cue, term, weight)])));

        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void A_malformed_domain_names_its_field()
    {
        var error = Assert.Throws<ArgumentException>(() => ScreeningRules.Default.Extend(new ScreeningExtension(AllowedDomains: ["ok.com", "not a domain"])));

        Assert.Equal("allowedDomains[1]", error.ParamName);
    }

    [Fact]
    public void A_malformed_lexicon_names_file_and_line()
    {
        var error = Assert.Throws<FormatException>(() => ScreeningRules.FromLexicons([("mine", "@insult\nfoo\n@nonsense\nbar")]));

        Assert.StartsWith("mine:3:", error.Message);
    }

    [Fact]
    public void Screening_is_deterministic_and_serialises_in_the_contract_shape()
    {
        const string text = "Goblok! Hubungi WA 0812-3456-7890, kasih bintang 5 dapat voucher";

        var first = JsonSerializer.Serialize(Screener.Screen(text), ScreeningJsonContext.Default.ScreeningResult);
        var second = JsonSerializer.Serialize(new Screener(ScreeningRules.Default).Screen(text), ScreeningJsonContext.Default.ScreeningResult);

        Assert.Equal(first, second);
        using var document = JsonDocument.Parse(first);
        Assert.Equal(["categories", "findings"], document.RootElement.EnumerateObject().Select(p => p.Name));
        var finding = document.RootElement.GetProperty("findings")[0];
        Assert.Equal(["category", "start", "length", "rule"], finding.EnumerateObject().Select(p => p.Name));
        Assert.Contains("\"off_platform\"", first);
        Assert.Contains("\"review_incentive\"", first);
    }

    [Fact]
    public void Scam_takes_precedence_over_spam()
    {
        var result = Screener.Screen("PROMO! Anda pemenang undian hadiah mobil, info hub 081234567890, diskon gratis bonus");

        Assert.Contains(ScreeningCategory.Scam, result.Categories);
        Assert.DoesNotContain(ScreeningCategory.Spam, result.Categories);
    }
}
