package training

// SigninCodeAt is the sign-in code of a meeting's secret at a time, for tests.
var SigninCodeAt = signinCode
