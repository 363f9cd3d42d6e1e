namespace Pledge.Conduct.Screening;

/// <summary>Screens one message. Pure and deterministic: the same text and rules always give the same result.</summary>
public interface IScreener
{
    ScreeningResult Screen(string text);
}
