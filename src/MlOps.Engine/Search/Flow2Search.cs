namespace MlOps.Engine.Search;

/// <summary>
/// FLOW2 (the local search inside FLAML's CFO), per trainer, in the normalized space [0,1]^d:
/// start at the low-cost initial point; propose incumbent + step*u for a random unit direction u and,
/// if that does not improve, incumbent - step*u. After 2d non-improving proposals the step halves;
/// once it is below the lower bound the search restarts from a random point (the best result so far
/// is kept by the caller). All randomness comes from the Random passed in, so runs are reproducible.
/// </summary>
internal sealed class Flow2Search
{
    private const double StepLowerBound = 0.02;
    private readonly Random _random;
    private readonly int _dim;
    private readonly double _initialStep;
    private double[] _incumbent;
    private double _incumbentLoss = double.PositiveInfinity;
    private double _step;
    private double[]? _pendingOpposite;
    private bool _lastWasForward;
    private double[]? _lastDirection;
    private int _failures;
    private bool _started;

    public Flow2Search(double[] initialPoint, Random random)
    {
        _random = random;
        _dim = initialPoint.Length;
        _incumbent = (double[])initialPoint.Clone();
        _initialStep = _step = 0.1 * Math.Sqrt(Math.Max(1, _dim));
    }

    public double Step => _step;
    public int Restarts { get; private set; }

    /// <summary>The next point to evaluate.</summary>
    public double[] Propose()
    {
        _lastWasForward = false;
        if (!_started) { _started = true; return (double[])_incumbent.Clone(); }
        if (_pendingOpposite is not null)
        {
            var opposite = _pendingOpposite;
            _pendingOpposite = null;
            return opposite;
        }
        _lastDirection = RandomUnitVector();
        _lastWasForward = true;
        return Move(_incumbent, _lastDirection, _step);
    }

    /// <summary>Feeds back the loss of the last proposed point (+infinity for a failed trial).</summary>
    public void Report(double[] point, double loss)
    {
        if (loss < _incumbentLoss)
        {
            _incumbent = (double[])point.Clone();
            _incumbentLoss = loss;
            _failures = 0;
            _pendingOpposite = null;
            return;
        }
        if (_lastWasForward && _lastDirection is not null)
            _pendingOpposite = Move(_incumbent, _lastDirection, -_step);
        if (++_failures < 2 * Math.Max(1, _dim)) return;
        _failures = 0;
        _pendingOpposite = null;
        _step /= 2;
        if (_step < StepLowerBound) Restart();
    }

    /// <summary>
    /// Feeds back a point the search did not propose (a default configuration): it becomes the incumbent
    /// if it is better, and leaves the search's own step and pending direction alone otherwise.
    /// </summary>
    public void Inject(double[] point, double loss)
    {
        if (loss >= _incumbentLoss) return;
        _incumbent = (double[])point.Clone();
        _incumbentLoss = loss;
        _failures = 0;
        _pendingOpposite = null;
    }

    private void Restart()
    {
        Restarts++;
        _incumbent = Enumerable.Range(0, _dim).Select(_ => _random.NextDouble()).ToArray();
        _incumbentLoss = double.PositiveInfinity;
        _step = _initialStep;
        _started = false;
    }

    private double[] RandomUnitVector()
    {
        var v = new double[_dim];
        double norm;
        do
        {
            for (var i = 0; i < _dim; i++) v[i] = Gaussian();
            norm = Math.Sqrt(v.Sum(x => x * x));
        } while (norm < 1e-12);
        for (var i = 0; i < _dim; i++) v[i] /= norm;
        return v;
    }

    private double Gaussian()
    {
        // Box-Muller on the seeded Random.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double[] Move(double[] from, double[] direction, double step) =>
        from.Select((x, i) => Math.Clamp(x + step * direction[i], 0, 1)).ToArray();
}
