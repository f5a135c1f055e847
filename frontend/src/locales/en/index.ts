import type { MessageSchema } from '../zh-CN'
import admin from './admin.json'
import annual from './annual.json'
import auth from './auth.json'
import billing from './billing.json'
import booking from './booking.json'
import catalog from './catalog.json'
import common from './common.json'
import errors from './errors.json'
import home from './home.json'
import governance from './governance.json'
import imports from './imports.json'
import league from './league.json'
import manage from './manage.json'
import menu from './menu.json'
import reports from './reports.json'
import services from './services.json'
import talent from './talent.json'
import training from './training.json'

export default {
  common,
  menu,
  home,
  auth,
  catalog,
  booking,
  training,
  services,
  billing,
  league,
  imports,
  manage,
  admin,
  annual,
  errors,
  reports,
  governance,
  talent,
} satisfies MessageSchema
