package accounts

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// The limits on password guessing (sign-in and the current password of a password change) and
// on registration. A guesser is slowed per account and address, so whoever guesses at an
// account from one address does not lock its owner out elsewhere; a looser ceiling per account
// stops guessing spread over many addresses.
const (
	// Every attempt from one address, whatever the account: a burst of 10, then one every 6 s.
	addressBurst, addressEvery = 10, 6 * time.Second
	// Failures of one account from one address: 5 free, then a wait of 30 s that doubles with
	// each further failure up to 15 minutes; a success, or a day without failures, forgets them.
	pairFree, pairFirstWait, pairMaxWait, pairForget = 5, 30 * time.Second, 15 * time.Minute, 24 * time.Hour
	// Failures of one account from all addresses: a burst of 50, then 50 an hour. One address
	// alone cannot reach it: it gets about 12 failures in its first hour and 4 an hour after.
	accountBurst, accountEvery = 50, 72 * time.Second
	// Registrations from one address: a burst of 20 (a class behind one school gateway), then
	// 20 an hour.
	registrationBurst, registrationEvery = 20, 3 * time.Minute
	// Past this many remembered keys the idle ones are forgotten, to bound memory under a spray.
	maxKeys = 100_000
)

// unknownAccount is the account key of e-mail addresses that name no account: they share one
// bucket per address, so inventing addresses (or look-alikes of one) buys no more guesses.
const unknownAccount int64 = 0

// guard keeps the limits. It lives in each server copy's memory: several copies multiply the
// allowance, which still stops guessing at scale.
type guard struct {
	on            bool
	mu            sync.Mutex
	addresses     map[string]*rate.Limiter
	pairs         map[pairKey]*backoff
	accounts      map[int64]*rate.Limiter
	registrations map[string]*rate.Limiter
}

type pairKey struct {
	account int64
	address string
}

// backoff is the failures of one account from one address.
type backoff struct {
	failures int
	last     time.Time // the latest failure
	until    time.Time // no attempt before this
}

func newGuard(on bool) *guard {
	return &guard{on: on, addresses: map[string]*rate.Limiter{}, pairs: map[pairKey]*backoff{},
		accounts: map[int64]*rate.Limiter{}, registrations: map[string]*rate.Limiter{}}
}

// allowAddress spends one attempt of the address's allowance.
func (g *guard) allowAddress(address string, now time.Time) bool {
	if !g.on {
		return true
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return limiter(g.addresses, address, addressEvery, addressBurst, now).AllowN(now, 1)
}

// allowGuess reports whether a password of the account may be checked from the address now.
func (g *guard) allowGuess(account int64, address string, now time.Time) bool {
	if !g.on {
		return true
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if b := g.pairs[pairKey{account, address}]; b != nil && now.Before(b.until) {
		return false
	}
	if account == unknownAccount {
		return true // no password can succeed, and a shared ceiling would tell real accounts apart
	}
	return limiter(g.accounts, account, accountEvery, accountBurst, now).TokensAt(now) >= 1
}

// failed records a wrong password of the account from the address.
func (g *guard) failed(account int64, address string, now time.Time) {
	if !g.on {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	key := pairKey{account, address}
	b := g.pairs[key]
	if b == nil || now.Sub(b.last) > pairForget {
		if len(g.pairs) >= maxKeys {
			g.prune(now)
		}
		b = &backoff{}
		g.pairs[key] = b
	}
	b.failures++
	b.last = now
	if n := b.failures - pairFree; n >= 0 {
		wait := pairMaxWait
		if n < 10 && pairFirstWait<<n < pairMaxWait {
			wait = pairFirstWait << n
		}
		b.until = now.Add(wait)
	}
	if account != unknownAccount {
		limiter(g.accounts, account, accountEvery, accountBurst, now).AllowN(now, 1)
	}
}

// succeeded forgets the failures of the account from the address.
func (g *guard) succeeded(account int64, address string) {
	if !g.on {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.pairs, pairKey{account, address})
}

// allowRegistration spends one registration of the address's allowance.
func (g *guard) allowRegistration(address string, now time.Time) bool {
	if !g.on {
		return true
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return limiter(g.registrations, address, registrationEvery, registrationBurst, now).AllowN(now, 1)
}

// limiter finds or makes the key's limiter, forgetting the full (idle) ones past maxKeys.
func limiter[K comparable](m map[K]*rate.Limiter, key K, every time.Duration, burst int, now time.Time) *rate.Limiter {
	if l, ok := m[key]; ok {
		return l
	}
	if len(m) >= maxKeys {
		for k, l := range m {
			if l.TokensAt(now) >= float64(burst) {
				delete(m, k)
			}
		}
		if len(m) >= maxKeys {
			clear(m) // all busy: a spray of keys; bound the memory
		}
	}
	l := rate.NewLimiter(rate.Every(every), burst)
	m[key] = l
	return l
}

// prune forgets the pairs no longer waiting and quiet for an hour; if all are busy, all.
func (g *guard) prune(now time.Time) {
	for k, b := range g.pairs {
		if !now.Before(b.until) && now.Sub(b.last) > time.Hour {
			delete(g.pairs, k)
		}
	}
	if len(g.pairs) >= maxKeys {
		clear(g.pairs)
	}
}
