// The league table of the consortia (赛马比拼): the table and the weights are public; new weights
// are an administrator's.
import type { LeagueQuery, LeagueWeightsInput } from '@/types'
import { compact, http } from './http'

export const getLeague = (q: LeagueQuery) => http.GET('/api/v1/league', { params: { query: compact(q) } })
export const getLeagueWeights = () => http.GET('/api/v1/league/weights')
/** setLeagueWeights leaves its refusal to the form. */
export const setLeagueWeights = (body: LeagueWeightsInput) =>
  http.PUT('/api/v1/league/weights', { body, quiet: true })
