using Pledge.Cases;

namespace Pledge.Api.Endpoints;

/// <summary>
/// Who a case request acts for (<c>"as"</c>): a platform key names the person on its platform, a reviewer key may
/// name the agent. The key decides which roles it may name (403 otherwise); <c>system</c> is Pledge's alone.
/// </summary>
public sealed record ActingAs(string Id, ActorRole Role);
